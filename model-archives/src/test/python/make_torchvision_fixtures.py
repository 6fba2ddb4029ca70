#!/usr/bin/python3
"""Writes the torchvision fixtures of the import tests into src/test/resources/torchvision/.

Needs Debian's python3-torch (1.13.1), python3-torchvision (0.14.1), python3-onnx (1.12) and python3-pil; the
Java tests need no Python, because the files this script writes are committed. Run from model-archives/:

    apt-get install -y python3-torch python3-torchvision python3-onnx
    /usr/bin/python3 src/test/python/make_torchvision_fixtures.py [SKIMAGE_DATA_DIR]

SKIMAGE_DATA_DIR holds scikit-image's sample photos (python3-skimage's skimage/data); without it the photos
already in the resources folder are used. Everything is seeded, so a rerun with the same packages writes the
same tensors.

What it writes:
  * TorchScript files of torchvision's own classes (ResNet with BasicBlock or Bottleneck, MobileNetV2) with
    random weights and non-trivial batch-norm statistics. The ResNets keep torchvision's depth and parameter
    names but use a narrower first stage (16 and 8 channels instead of 64) so the files stay small; the stage
    layers are made by torchvision's own ResNet._make_layer. MobileNetV2 is full size.
  * expected.npz: `pixels` (2, 3, 224, 224) uint8, and for each fixture the logits PyTorch computes for the
    input (pixels - 128) / 64, in eval mode.
  * small malformed fixtures, one per unsupported layout.
  * for each photo, torchvision's ImageNet evaluation crop: Resize(256) and CenterCrop(224) on the PIL image,
    saved losslessly as <photo>.torchvision.png (uint8, exactly what ToTensor then scales).
"""
import os
import shutil
import sys

import numpy as np
import torch
import torchvision
import torchvision.transforms as T
from PIL import Image
from torch import nn
from torchvision.models import resnet

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torchvision")
CLASSES = 10
OPSET = 17
PHOTOS = ["chelsea.png", "rocket.jpg", "coffee.png"]


def narrow_resnet(block, layers, width, groups=1, base_width=64, dilate=(False, False, False)):
    """torchvision's ResNet with the first stage `width` channels wide instead of 64."""
    model = resnet.ResNet(block, [1, 1, 1, 1], num_classes=CLASSES, groups=groups, width_per_group=base_width)
    model.inplanes = width
    model.dilation = 1
    model.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(width)
    model.layer1 = model._make_layer(block, width, layers[0])
    model.layer2 = model._make_layer(block, width * 2, layers[1], stride=2, dilate=dilate[0])
    model.layer3 = model._make_layer(block, width * 4, layers[2], stride=2, dilate=dilate[1])
    model.layer4 = model._make_layer(block, width * 8, layers[3], stride=2, dilate=dilate[2])
    model.fc = nn.Linear(width * 8 * block.expansion, CLASSES)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return model


def randomise_batch_norms(model, generator):
    """Random affine parameters, then running statistics from a few batches in training mode."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5, generator=generator)
                m.bias.normal_(0.0, 0.2, generator=generator)
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(4, 3, 224, 224, generator=generator))
    model.eval()


def save(model, name, traced, inputs, expected, onnx=False):
    path = os.path.join(OUT, name + ".pt")
    module = torch.jit.trace(model, inputs[:1]) if traced else torch.jit.script(model)
    module.save(path)
    if onnx:
        # From the eager module, as translators' make_onnx_fixtures.py exports, with the names the import expects.
        onnx_path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, inputs[:1], onnx_path, opset_version=OPSET, input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        print("%-28s %9d bytes  exported" % (name + ".onnx", os.path.getsize(onnx_path)))
    if expected is not None:
        with torch.no_grad():
            expected[name] = model(inputs).numpy()
    print("%-28s %9d bytes  %s" % (name + ".pt", os.path.getsize(path), "traced" if traced else "scripted"))


def photos(source):
    for photo in PHOTOS:
        target = os.path.join(OUT, photo)
        if source:
            shutil.copyfile(os.path.join(source, photo), target)
        image = Image.open(target).convert("RGB")
        crop = T.CenterCrop(224)(T.Resize(256)(image))
        stem = os.path.splitext(photo)[0]
        crop.save(os.path.join(OUT, stem + ".torchvision.png"))
        print("%-28s %s -> %s" % (photo, image.size, crop.size))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(2024)
    generator = torch.Generator().manual_seed(2024)
    pixels = np.random.RandomState(2024).randint(0, 256, size=(2, 3, 224, 224)).astype(np.uint8)
    inputs = (torch.from_numpy(pixels).float() - 128.0) / 64.0
    expected = {"pixels": pixels}

    fixtures = [
        ("resnet18-w16", narrow_resnet(resnet.BasicBlock, [2, 2, 2, 2], 16), False, True),
        ("resnet50-w8", narrow_resnet(resnet.Bottleneck, [3, 4, 6, 3], 8), True, False),
        ("mobilenet_v2", torchvision.models.mobilenet_v2(num_classes=CLASSES), False, False),
    ]
    for name, model, traced, onnx in fixtures:
        randomise_batch_norms(model, generator)
        save(model, name, traced, inputs, expected, onnx)
    np.savez(os.path.join(OUT, "expected.npz"), **expected)

    # One per unsupported layout: tiny Bottleneck ResNets [1, 1, 1, 2] with a 4-channel first stage (two blocks in
    # the last stage, because torchvision dilates from a stage's second block on).
    bad = [
        ("bad-dilated", narrow_resnet(resnet.Bottleneck, [1, 1, 1, 2], 4, dilate=(False, False, True))),
        ("bad-grouped", narrow_resnet(resnet.Bottleneck, [1, 1, 1, 2], 4, groups=2, base_width=32)),
    ]
    silu = narrow_resnet(resnet.Bottleneck, [1, 1, 1, 2], 4)
    silu.relu = nn.SiLU()
    bad.append(("bad-silu-stem", silu))
    for name, model in bad:
        randomise_batch_norms(model, generator)
        save(model, name, False, inputs, None)

    photos(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    main()
