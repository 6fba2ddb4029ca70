/** Stand-ins for DJL Serving 0.36.0's workflows (compile only, never packaged). */
package ai.djl.serving.workflow;
