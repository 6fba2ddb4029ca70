/** Stand-ins for DJL Serving 0.36.0's work-load manager types (compile only, never packaged). */
package ai.djl.serving.wlm;
