package org.discardsearch.plugin;

import java.util.Locale;

/**
 * The content types an image body may be sent with, the same contract for the plugin's endpoints as for DJL
 * Serving's {@code /predictions}: the raw image bytes as {@code image/png}, {@code image/jpeg} (any
 * {@code image/*}) or {@code application/octet-stream}, or no content type at all. DJL Serving parses a form
 * content type as a form before any model sees the body; curl's {@code --data-binary} sends
 * {@code application/x-www-form-urlencoded} unless told otherwise, and a PNG parsed as a form answers 500
 * there. The plugin refuses such a body with 415 and says what to send instead.
 */
final class ImageContentTypes {

    /** What the refusal tells the client to send. */
    static final String EXPECTED = "send the image bytes as the body with Content-Type image/png, image/jpeg or"
            + " application/octet-stream (curl: -H 'Content-Type: image/png' --data-binary @image.png)";

    private ImageContentTypes() {
    }

    /**
     * Checks a request's content type.
     *
     * @param contentType the {@code Content-Type} header, or null when absent
     * @throws HttpFailure with status 415 when it is anything but an image type or octet-stream
     */
    static void require(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("image/") || type.equals("application/octet-stream")) {
            return;
        }
        throw new HttpFailure(415, "Unsupported Content-Type '" + contentType + "' for an image: " + EXPECTED);
    }
}
