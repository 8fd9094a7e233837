"""Demo data for a newcomer: a jurisdiction, an enterprise, staff logins and an open vote with codes."""
import secrets
import socket
import struct

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from .data.enums import CampaignState, Role
from .data.models import Campaign, Enterprise, User
from .domain import accounts, campaigns, codes, organisations
from .messages import say

CREDIT_CODE = "91350100M000100Y43"
DEPARTMENTS = ["生产部", "技术部", "质量部", "行政部"]
SIOCGIFADDR = 0x8915  # Linux: get an interface's address


def lan_address() -> str:
    """This machine's LAN address, read from its interfaces (nothing is sent anywhere)."""
    addresses = _interface_addresses()
    lan = sorted(address for address in addresses if not address.startswith("127."))
    return lan[0] if lan else "127.0.0.1"


def _interface_addresses() -> set[str]:
    """IPv4 addresses of the network interfaces (Linux ioctl), else what the host name resolves to."""
    try:
        import fcntl
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            found = set()
            for _index, name in socket.if_nameindex():
                request = struct.pack("256s", name[:15].encode())
                try:
                    found.add(socket.inet_ntoa(fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)[20:24]))
                except OSError:
                    continue
            return found
    except (ImportError, OSError):
        try:
            return {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        except OSError:
            return set()


def _user(session: Session, username: str, role: str, **scope) -> str:
    """Create the user, or give the existing one a fresh password; return the password."""
    password = secrets.token_urlsafe(9)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        accounts.create_user(session, username, password, role, **scope)
    else:
        user.password_hash = generate_password_hash(password, accounts.PASSWORD_METHOD)
    return password


def _enterprise(session: Session) -> Enterprise:
    enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == CREDIT_CODE))
    if enterprise:
        return enterprise
    city = organisations.create_jurisdiction(session, "示例市总工会")
    district = organisations.create_jurisdiction(session, "示例区总工会", city.id)
    return organisations.create_enterprise(session, "示例精密制造有限公司", CREDIT_CODE, 120, district.id,
                                           DEPARTMENTS)


def seed(session: Session, base_url: str, code_count: int = 10) -> str:
    """Prepare (or refresh) the demo and return what to print for the newcomer."""
    enterprise = _enterprise(session)
    campaign = session.scalar(select(Campaign).where(Campaign.enterprise_id == enterprise.id,
                                                     Campaign.state == CampaignState.OPEN))
    if campaign is None:
        campaign = campaigns.create(session, enterprise, campaigns.Settings(
            title="2026年度职工满意度测评（演示）", ask_department=True))
        campaigns.open_(session, campaign)
    passwords = {
        "chair": _user(session, "chair", Role.CHAIR, enterprise_id=enterprise.id),
        "assessor": _user(session, "assessor", Role.ASSESSOR, jurisdiction_id=enterprise.jurisdiction_id),
        "admin": _user(session, "admin", Role.ADMIN),
    }
    plain = campaigns.issue_codes(session, campaign, code_count, code_count)
    lines = [say(_l("Harmony demo — open %(url)s/login on this machine or on a phone in the same network."),
                 url=base_url), "", say(_l("Sign in as (user name, password):"))]
    lines += [f"  {role:9} {password}" for role, password in passwords.items()]
    lines += ["", say(_l("Vote “%(title)s” is open. Ballot links (each works once):"), title=campaign.title)]
    lines += [f"  {base_url}/v/{code}   ({codes.display(code)})" for code in plain]
    lines += ["", say(_l("A worker raises a concern at %(url)s"), url=f"{base_url}/c/{enterprise.concern_token}")]
    return "\n".join(lines)
