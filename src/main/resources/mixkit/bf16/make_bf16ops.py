#!/usr/bin/python3
"""Writes bf16ops.pt, the TorchScript module behind MixKit's --precision bf16 (io.mixkit.train.Bf16Compute).

DJL 0.36 cannot make or cast bf16 tensors (its JNI maps dtypes 0-8 only and aborts on bfloat16), but
libtorch runs TorchScript that casts inside its own graph. Each method takes and returns fp32, computes in
bf16, and is differentiable, so weights, optimiser state, softmax, LayerNorm and the loss stay fp32.
Made with Debian's python3-torch (1.13); libtorch 2.7.1 loads it. Usage: python3 make_bf16ops.py OUT_DIR
"""
import sys
from typing import Optional, Tuple

import torch


class Bf16Ops(torch.nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        """a @ b in bf16: fp32 in, fp32 out."""
        return torch.matmul(a.to(torch.bfloat16), b.to(torch.bfloat16)).to(torch.float32)

    @torch.jit.export
    def linear(self, x: torch.Tensor, w: torch.Tensor, b: Optional[torch.Tensor]) -> torch.Tensor:
        """x w^T + b in bf16: fp32 in, fp32 out."""
        bb: Optional[torch.Tensor] = None
        if b is not None:
            bb = b.to(torch.bfloat16)
        return torch.nn.functional.linear(x.to(torch.bfloat16), w.to(torch.bfloat16), bb).to(torch.float32)


    @torch.jit.export
    def qkv(self, x: torch.Tensor, wq: torch.Tensor, wk: torch.Tensor, wv: torch.Tensor, bq: torch.Tensor,
            bk: torch.Tensor, bv: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The three attention projections as one bf16 product with the weights stacked: fp32 in, fp32 out."""
        w = torch.cat([wq, wk, wv], 0).to(torch.bfloat16)
        b = torch.cat([bq, bk, bv], 0).to(torch.bfloat16)
        y = torch.nn.functional.linear(x.to(torch.bfloat16), w, b).to(torch.float32)
        h = wq.shape[0]
        return y[..., :h], y[..., h:2 * h], y[..., 2 * h:]

    @torch.jit.export
    def ffn(self, x: torch.Tensor, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor, b2: torch.Tensor) -> torch.Tensor:
        """BERT's feed-forward block, gelu(x w1^T + b1) w2^T + b2 (exact GELU), all in bf16: fp32 in, fp32 out.
        The wide intermediate [..., 4H] never leaves bf16."""
        h = torch.nn.functional.gelu(torch.nn.functional.linear(x.to(torch.bfloat16), w1.to(torch.bfloat16), b1.to(torch.bfloat16)))
        return torch.nn.functional.linear(h, w2.to(torch.bfloat16), b2.to(torch.bfloat16)).to(torch.float32)


if __name__ == "__main__":
    torch.jit.script(Bf16Ops()).save(sys.argv[1] + "/bf16ops.pt")
