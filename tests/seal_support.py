"""Closed, sealed votes for the seal tests, and reading QR codes back from a PDF."""
import hashlib

import pypdfium2
import zxingcpp

from helpers import answers, cast

TITLE = "2026年度职工满意度测评"
# 10 satisfied + 6 fairly satisfied of 20: exactly 80%, which qualifies ("80% 以上" includes 80%).
MIXED = ["satisfied"] * 10 + ["fairly"] * 6 + ["dissatisfied"] * 4
SUGGESTION = "建议加强安全培训"


def mixed_ballots(options: list[str] = MIXED) -> list[dict]:
    """Every scored item answered alike on a ballot; departments alternate; every fourth has a suggestion."""
    return [answers(option, department="d1" if index % 3 else "d2",
                    **({"suggestion": f"{SUGGESTION}{index}"} if index % 4 == 0 else {}))
            for index, option in enumerate(options)]


def closed_vote(api, enterprise_id: int, ballots: list[dict], electorate: int = 30, user: str = "chair_a") -> int:
    """A vote with a department question, the ballots cast through the API, closed (and so sealed)."""
    chair = api(user)
    created = chair.post(f"/enterprises/{enterprise_id}/campaigns",
                         {"title": TITLE, "electorate": electorate, "ask_department": True})
    assert created.status_code == 201, created.json
    return open_cast_close(api, created.json["id"], ballots, user)


def open_cast_close(api, campaign_id: int, ballots: list[dict], user: str = "chair_a") -> int:
    """Open a draft vote, cast the ballots through the API with fresh codes, and close it."""
    chair = api(user)
    assert chair.post(f"/campaigns/{campaign_id}/open").status_code == 200
    codes = chair.post(f"/campaigns/{campaign_id}/codes", {"count": len(ballots)}).json["codes"]
    for code, chosen in zip(codes, ballots):
        assert cast(api, code, chosen).status_code == 201
    assert chair.post(f"/campaigns/{campaign_id}/close").status_code == 200
    return campaign_id


def sealed(api, campaign_id: int, user: str = "chair_a") -> dict:
    """The results API's `seal` of a closed vote."""
    response = api(user).get(f"/campaigns/{campaign_id}/results")
    assert response.status_code == 200
    return response.json["seal"]


def sealed_file(api, campaign_id: int, user: str = "chair_a") -> bytes:
    response = api(user).get(f"/campaigns/{campaign_id}/export?format=json")
    assert response.status_code == 200, response.data[:200]
    return response.data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qr_links(pdf: bytes, dpi: int = 200) -> list[str]:
    """The QR codes on the first page of a PDF, rendered as a scanner would see it (QR codes only: a chart's
    bars can pass for a one-dimensional barcode)."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


# 生产部 8, 技术部 6, 行政部 3, 销售部 4 and 2 ballots without a department: 行政部 and 销售部 are under
# 5 ballots, and "not stated" (2) too; every total has at least two hidden shares, so nothing more hides.
DEPARTMENTS = ["生产部", "技术部", "行政部", "销售部"]
SMALL_GROUPS = {"d1": 8, "d2": 6, "d3": 3, "d4": 4, None: 2}


def small_group_ballots(sizes: dict = SMALL_GROUPS) -> list[dict]:
    """Ballots per group (None: no department answer), answers varying, each with a numbered suggestion."""
    ballots = []
    for group, size in sizes.items():
        for index in range(size):
            option = ("satisfied", "fairly", "dissatisfied")[index % 3]
            chosen = answers(option, suggestion=f"{SUGGESTION}第{len(ballots) + 1}条")
            if group:
                chosen["department"] = group
            ballots.append(chosen)
    return ballots


def departments(session, enterprise_id: int, names: list[str] = DEPARTMENTS) -> None:
    """Give the enterprise these departments, for the votes created after."""
    from survey.data.models import Enterprise
    session.get(Enterprise, enterprise_id).departments = names
    session.commit()
