#!/usr/bin/python3
"""Writes the ONNX fixtures of the import tests into src/test/resources/onnx/.

Needs Debian's python3-torch (1.13.1), python3-torchvision (0.14.1) and python3-onnx (1.12); the Java tests need
no Python, because the files this script writes are committed. Run from translators/:

    apt-get install -y python3-torch python3-torchvision python3-onnx
    /usr/bin/python3 src/test/python/make_onnx_fixtures.py

Everything is seeded, so a rerun with the same packages writes the same tensors.

What it writes:
  * pixels.u8: (IMAGES, 3, SIDE, SIDE) uint8, row-major; the network input is (pixels - 128) / 64, exact in float32.
  * <name>.onnx: a torchvision classifier with random weights, CLASSES classes and every channel count divided by
    the model's width divisor (the first layer's 3 input channels and the classes excepted), so the file stays
    small. Batch normalisation has random affine parameters and running statistics gathered from a few random
    batches in training mode, so the folded statistics really depend on the input. Exported in eval mode, opset
    OPSET, with a dynamic batch dimension named "batch" on the input "input" and the output "logits".
  * <name>.logits.f32: (IMAGES, CLASSES) float32 little-endian, PyTorch's logits for the input above.
"""
import contextlib
import os

import numpy as np
import torch
import torchvision
from torch import nn
from torchvision.models import convnext, shufflenetv2

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")
CLASSES = 10
IMAGES = 3
SIDE = 224
OPSET = 17

# name -> (constructor, width divisor): the divisor keeps each file to a few hundred kilobytes.
MODELS = {
    "resnet18": (torchvision.models.resnet18, 16),
    "mobilenet_v2": (torchvision.models.mobilenet_v2, 8),
    # Its channel splits do not survive integer division; its own constructor takes narrow stage widths.
    "shufflenet_v2_x1_0": (lambda num_classes: shufflenetv2.ShuffleNetV2([4, 8, 4], [8, 16, 32, 64, 128],
                                                                         num_classes=num_classes), 1),
    "squeezenet1_1": (torchvision.models.squeezenet1_1, 8),
    "mnasnet0_5": (torchvision.models.mnasnet0_5, 8),
    "resnet50": (torchvision.models.resnet50, 16),
    "resnext50_32x4d": (torchvision.models.resnext50_32x4d, 16),
    "wide_resnet50_2": (torchvision.models.wide_resnet50_2, 32),
    "mobilenet_v3_small": (torchvision.models.mobilenet_v3_small, 8),
    "efficientnet_b0": (torchvision.models.efficientnet_b0, 16),
    "regnet_y_400mf": (torchvision.models.regnet_y_400mf, 8),
    "densenet121": (torchvision.models.densenet121, 16),
    "googlenet": (lambda num_classes: torchvision.models.googlenet(num_classes=num_classes, aux_logits=False,
                                                                  init_weights=True), 16),
    "inception_v3": (lambda num_classes: torchvision.models.inception_v3(num_classes=num_classes, aux_logits=False,
                                                                        init_weights=True), 16),
    "convnext_tiny": (torchvision.models.convnext_tiny, 16),
}


def narrowed(channels, divisor):
    """A channel count divided by the divisor; the image's 3 channels and the class count stay."""
    return channels if channels in (3, CLASSES) else max(1, channels // divisor)


@contextlib.contextmanager
def narrow_layers(divisor):
    """While active, convolutions, normalisations and linear layers are built with every channel count divided
    by `divisor`; see narrow_layer_scales for the one parameter made outside them."""
    conv_init, bn_init, linear_init = nn.Conv2d.__init__, nn.BatchNorm2d.__init__, nn.Linear.__init__
    ln_init = nn.LayerNorm.__init__

    def conv(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, **kw):
        # A depthwise convolution stays depthwise; other groups shrink in number where the divisor divides them
        # (ResNeXt's 32), else keep their number and narrow their width (RegNet's).
        if groups == in_channels and groups > 1:
            narrow_groups = narrowed(in_channels, divisor)
        elif groups % divisor == 0:
            narrow_groups = groups // divisor
        else:
            narrow_groups = groups
        conv_init(self, narrowed(in_channels, divisor), narrowed(out_channels, divisor), kernel_size, stride,
                  padding, dilation, narrow_groups, **kw)

    def bn(self, num_features, *args, **kw):
        bn_init(self, narrowed(num_features, divisor), *args, **kw)

    def linear(self, in_features, out_features, *args, **kw):
        linear_init(self, narrowed(in_features, divisor), narrowed(out_features, divisor), *args, **kw)

    def layer_norm(self, normalized_shape, *args, **kw):
        ln_init(self, narrowed(normalized_shape, divisor), *args, **kw)

    nn.Conv2d.__init__, nn.BatchNorm2d.__init__, nn.Linear.__init__ = conv, bn, linear
    nn.LayerNorm.__init__ = layer_norm
    try:
        yield
    finally:
        nn.Conv2d.__init__, nn.BatchNorm2d.__init__, nn.Linear.__init__ = conv_init, bn_init, linear_init
        nn.LayerNorm.__init__ = ln_init


def narrow_layer_scales(model):
    """ConvNeXt's blocks size their layer scale from the full width; cut it to the narrowed convolution's."""
    for m in model.modules():
        if isinstance(m, convnext.CNBlock):
            m.layer_scale = nn.Parameter(m.layer_scale.data[:m.block[0].out_channels].clone())


def randomise_batch_norms(model, rng, generator):
    """Random affine parameters, then running statistics from a few random batches in training mode.

    The statistics are plain averages over the batches (momentum None): with PyTorch's default momentum, four
    batches would leave most of the initial unit variance in, and a deep narrow network would then see almost
    the same activations for every image.
    """
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5, generator=generator)
                m.bias.normal_(0.0, 0.2, generator=generator)
            m.momentum = None
            m.reset_running_stats()
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(network_input(make_pixels(rng, 4)))
    model.eval()


def check_logits_vary(name, logits):
    """Fails when the images are indistinguishable to the model: a fixture that could not catch a wrong input."""
    spread = logits.std(axis=0).mean()
    scale = np.abs(logits).mean()
    if not spread > 0.05 * scale:
        raise SystemExit("%s: logits do not vary across images (spread %g, scale %g)" % (name, spread, scale))
    return spread / scale


def network_input(pixels):
    return (torch.from_numpy(pixels).float() - 128.0) / 64.0


def make_pixels(rng, images):
    """Smooth random colour fields plus fine noise, each image with its own brightness and contrast.

    Images of independent uniform noise all look alike once a network has pooled them globally; these differ
    in their large-scale content, so their logits differ too.
    """
    coarse = torch.from_numpy(rng.randn(images, 3, 7, 7).astype(np.float32))
    smooth = nn.functional.interpolate(coarse, size=(SIDE, SIDE), mode="bilinear", align_corners=False).numpy()
    brightness = rng.uniform(-40, 40, size=(images, 1, 1, 1))
    contrast = rng.uniform(20, 60, size=(images, 1, 1, 1))
    noise = rng.randn(images, 3, SIDE, SIDE) * 12
    return np.clip(np.rint(128 + brightness + contrast * smooth + noise), 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(2024)
    generator = torch.Generator().manual_seed(2024)
    rng = np.random.RandomState(2024)
    pixels = make_pixels(rng, IMAGES)
    pixels.tofile(os.path.join(OUT, "pixels.u8"))
    inputs = network_input(pixels)

    for name, (constructor, divisor) in MODELS.items():
        with narrow_layers(divisor):
            model = constructor(num_classes=CLASSES)
        narrow_layer_scales(model)
        randomise_batch_norms(model, rng, generator)
        with torch.no_grad():
            logits = model(inputs).numpy().astype("<f4")
        relative_spread = check_logits_vary(name, logits)
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, inputs[:1], path, opset_version=OPSET, input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        logits.tofile(os.path.join(OUT, name + ".logits.f32"))
        params = sum(p.numel() for p in model.parameters())
        print("%-22s divisor %2d  %8d parameters  %8d bytes  logit spread %.3f"
              % (name, divisor, params, os.path.getsize(path), relative_spread))


if __name__ == "__main__":
    main()
