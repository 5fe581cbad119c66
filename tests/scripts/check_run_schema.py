#!/usr/bin/python3
"""Reads a simrec run file with h5py and checks the schema of SPEC §5 (used by the tests).

Prints "ok" and exits 0 when the file conforms, else prints what is wrong and exits 1.
"""
import sys

import h5py

ROOT_ATTRS = ["schema_version", "simrec_version", "git_commit", "build_type", "build_flags",
              "compiler", "cpu_model", "hostname", "threads", "scenario", "scale", "command_line",
              "start_time", "end_time", "exit_status"]
UNIT_ATTRS = ["algorithm", "options", "status", "data_hash", "seed"]
TIMING = ["fit_seconds", "predict_seconds", "samples_per_second", "peak_rss_bytes"]


def main():
    problems = []
    with h5py.File(sys.argv[1], "r") as f:
        for a in ROOT_ATTRS:
            if a not in f.attrs:
                problems.append(f"root attribute {a} missing")
        if "config" not in f or not f["config"][()]:
            problems.append("/config missing or empty")
        units = 0
        for vname, v in f["variants"].items():
            for sname, s in v.items():
                units += 1
                where = f"/variants/{vname}/{sname}"
                if not sname.startswith("seed_"):
                    problems.append(f"{where}: group name is not seed_<s>")
                for a in UNIT_ATTRS:
                    if a not in s.attrs:
                        problems.append(f"{where}: attribute {a} missing")
                for t in TIMING:
                    if t not in s["timing"]:
                        problems.append(f"{where}/timing/{t} missing")
                for m, d in s["metrics"].items():
                    if d.shape != ():
                        problems.append(f"{where}/metrics/{m} is not a scalar")
                for c, d in s["curves"].items():
                    if len(d.shape) != 2 or d.shape[1] != 2:
                        problems.append(f"{where}/curves/{c} is not [n, 2]")
        if units == 0:
            problems.append("no variant/seed groups")
    if problems:
        print("\n".join(problems))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
