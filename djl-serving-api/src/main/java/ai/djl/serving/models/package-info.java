/** Stand-ins for DJL Serving 0.36.0's model registry (compile only, never packaged). */
package ai.djl.serving.models;
