package org.discardsearch.search;

import java.util.List;

/**
 * Runs the network for the children the search asks for. This is where tensors live: an implementation
 * keeps whatever it caches (segment inputs, final feature maps) keyed by (image, {@link Node#id()}); the
 * search itself sees only logits.
 *
 * <p>The {@link SearchDriver} calls it once per iteration with the requests of every image, so that the
 * implementation can batch them. It is called from the driver's thread only.
 */
@FunctionalInterface
public interface Expander {

    /**
     * Computes the logits of the requested children.
     *
     * <p>Requests of one call may decide different layers, and one image may have several: with lookahead, a
     * request may expand a child that an earlier request of the same call computes. A request whose parent
     * is the root starts from the image; any other starts from the activations of its parent. A best-first
     * request's {@link Expansion#state()} may hold 0 where the parent's state holds −1: that is the same
     * computation, so the parent's cached activations serve.
     *
     * @param requests the children to compute, at least one request
     * @return per request, in request order, the logits of each child in the order of
     *     {@link ExpansionRequest#phases()}; the search copies the arrays
     */
    List<List<float[]>> expand(List<ExpansionRequest> requests);
}
