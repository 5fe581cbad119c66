"""Building blocks shared by the PyTorch twins of the simrec benchmarks in this folder."""
import torch


def mlp(widths, final_relu):
    """Linear layers widths[0] -> ... -> widths[-1] with ReLU between them (and after the last
    one when final_relu), as simrec's experts (ReLU on the last layer) and towers (linear out)."""
    layers = []
    for k in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[k], widths[k + 1]))
        if final_relu or k + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)
