"""Time rendering N random ballot slips (default 10,000) to an A4 PDF in a temporary file.

Usage: python3 bench/slips_pdf.py [N]
"""

import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey.printing.slips import render_slips  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_slips(count: int):
    for _ in range(count):
        code = "".join(secrets.choice(ALPHABET) for _ in range(13))
        display = f"{code[:4]}-{code[4:8]}-{code[8:]}"
        yield display, f"https://vote.example.cn/b/{code}"


def main(count: int) -> None:
    with tempfile.TemporaryFile() as out:
        started, cpu_started = time.perf_counter(), time.process_time()
        pages = render_slips(
            random_slips(count),
            out,
            title="示例电子科技有限公司",
            subtitle="2025年度劳动关系和谐企业职工满意度测评",
            instructions=["扫码或访问 vote.example.cn/b 输入选票码投票", "Scan or visit vote.example.cn/b and enter the code"],
            code_label="选票码 Ballot code",
        )
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        size = out.tell()
    print(
        f"{count} slips: {seconds:.2f} s ({cpu_seconds:.2f} s CPU), {pages} pages, "
        f"{size / 1e6:.1f} MB, {count / seconds:.0f} slips/s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
