/**
 * Import step of the model-archives tools: a torchvision classifier saved as TorchScript becomes a DJL Serving
 * archive of our offset-selectable architecture.
 *
 * <p>In: a TorchScript file ({@code torch.jit.script} or {@code torch.jit.trace}) of a torchvision ResNet-18,
 * ResNet-50 or MobileNetV2 with any number of classes, and a synset file. Its parameters come through DJL's
 * PyTorch engine; its buffers and layer settings, which DJL does not expose, from the file itself
 * ({@link org.discardsearch.archives.torchvision.TorchScriptFile}). Out: an archive folder
 * ({@link org.discardsearch.archives.torchvision.TorchvisionImporter}), or a
 * {@link org.discardsearch.archives.torchvision.TorchvisionImportException} listing every tensor or layer that
 * does not fit. Imports {@code config}, {@code network}, {@code layer}, {@code pipeline} and {@code djl} from the
 * core.
 */
package org.discardsearch.archives.torchvision;
