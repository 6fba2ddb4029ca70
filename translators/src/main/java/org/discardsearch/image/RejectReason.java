package org.discardsearch.image;

/**
 * Why an input image was rejected, as a stable machine-readable code.
 *
 * <p>The constant names are public API: adapters put them into dead-letter headers and HTTP error
 * bodies, so renaming one is a breaking change.
 */
public enum RejectReason {
    /** The input has no bytes at all. */
    EMPTY,
    /** The input has more bytes than the decoder accepts. */
    TOO_LARGE,
    /** The first bytes match no known image format. */
    NOT_AN_IMAGE,
    /** The input is a known image format other than PNG or JPEG (GIF, BMP, WebP, TIFF). */
    UNSUPPORTED_FORMAT,
    /** The input claims to be PNG or JPEG but is truncated or cannot be decoded. */
    CORRUPT,
    /** The header declares more pixels than allowed; the pixels were never decoded. */
    TOO_MANY_PIXELS,
    /** The header declares a width or height of 0. */
    ZERO_SIZE,
    /** The image is not the exact size a strict deployment requires. */
    WRONG_SIZE
}
