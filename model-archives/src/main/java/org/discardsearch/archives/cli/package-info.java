/**
 * Thin command-line entry points of the model-archives tools: they parse options strictly, call the step's API
 * and turn failures into a one-line message and an exit status (2 for a bad command line, 1 for a failure), never
 * a stack trace.
 */
package org.discardsearch.archives.cli;
