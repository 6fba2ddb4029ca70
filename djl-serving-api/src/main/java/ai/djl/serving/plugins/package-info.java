/** Stand-ins for DJL Serving 0.36.0's plugin API (compile only, never packaged). */
package ai.djl.serving.plugins;
