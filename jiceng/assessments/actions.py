"""Every change to the assessments: permission-checked, atomic, audited; refusals in Chinese
with nothing written (a round scored twice, a score outside its range, a scheme edited after it
was used for scoring, weights that do not add up, a metric the registry does not know)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name, actor_user
from jiceng.core.errors import DomainError
from jiceng.core.registry import metrics
from jiceng.notices import actions as notice_actions
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules, scoring
from .models import DiaryEntry, Evidence, QuotaScheme, Report, Result, ReviewScore, Round, Scheme, TargetLetter
from .templates import QUOTAS, ROLES, SCHEMES

MAX_NOTICE = 4800  # notices.rules.MAX_TEXT is 5000
DENIED = "只有本组织及上级的组织工作人员可以进行考核操作"


def _manager(actor: Actor, org: Organization) -> None:
    require(actor.has_perm("assessments.manage_org", org), DENIED)


def known_metrics() -> dict[str, str]:
    return {m.key: m.subject for m in metrics()}


def check_scheme(subject: str, mode: str, tree: Any, outcomes: Any) -> dict[str, Any]:
    if subject not in rules.SUBJECTS:
        raise DomainError("考核对象应为村党组织、干部或党员")
    categories = rules.parse_tree(mode, tree, known_metrics(), subject)
    return rules.check_outcomes(outcomes, categories)


# ---------------------------------------------------------------- schemes


def copy_template(actor: Actor, owner: Organization, template: str) -> Scheme:
    """An editable copy of a shipped scheme for `owner` (a new version when one exists)."""
    _manager(actor, owner)
    data = SCHEMES.get(template)
    if data is None:
        raise DomainError("没有这个方案模板")
    outcomes = check_scheme(data["subject"], data["mode"], data["tree"], data["outcomes"])
    with transaction.atomic():
        last = Scheme.objects.filter(owner=owner, code=template).order_by("-version").first()
        scheme = Scheme.objects.create(owner=owner, org_path=owner.path, code=template,
                                       version=last.version + 1 if last else 1, name=data["name"],
                                       subject=data["subject"], mode=data["mode"], period=data["period"],
                                       tree=copy.deepcopy(data["tree"]), outcomes=outcomes, based_on=template,
                                       source=data.get("source", ""))  # fmt: skip
        audit.record(
            actor, "create", scheme, org=owner, changes={"方案": str(scheme), "模板": SCHEMES[template]["name"]}
        )
    return scheme


def save_scheme(actor: Actor, scheme: Scheme, *, name: str, mode: str, tree: Any, outcomes: Any) -> Scheme:
    """Edit a scheme not yet used for scoring (a used one is frozen: save a new version)."""
    _manager(actor, scheme.owner)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("请填写方案名称（100字以内）")
    checked = check_scheme(scheme.subject, mode, tree, outcomes)
    with transaction.atomic():
        rows = Scheme.objects.filter(pk=scheme.pk, frozen_at__isnull=True)
        if not rows.update(name=name, mode=mode, tree=tree, outcomes=checked, updated_at=timezone.now()):
            raise DomainError("该方案已用于评分，已冻结，不能修改；请“另存为新版本”后修改")
        scheme.name, scheme.mode, scheme.tree, scheme.outcomes = name, mode, tree, checked
        scheme.__dict__.pop("categories", None)
        audit.record(actor, "update", scheme, org=scheme.owner, changes={"方案": str(scheme)})
    return scheme


def new_version(actor: Actor, scheme: Scheme) -> Scheme:
    _manager(actor, scheme.owner)
    with transaction.atomic():
        last = Scheme.objects.filter(owner=scheme.owner, code=scheme.code).order_by("-version").first()
        assert last is not None
        copy_ = Scheme.objects.create(owner=scheme.owner, org_path=scheme.org_path, code=scheme.code,
                                      version=last.version + 1, name=scheme.name, subject=scheme.subject,
                                      mode=scheme.mode, period=scheme.period, tree=copy.deepcopy(scheme.tree),
                                      outcomes=copy.deepcopy(scheme.outcomes), based_on=scheme.based_on,
                                      source=scheme.source)  # fmt: skip
        audit.record(actor, "create", copy_, org=scheme.owner, changes={"方案": str(copy_), "来源版本": scheme.version})
    return copy_


def _subject(scheme: Scheme, ref: str) -> tuple[str, str]:
    """A subject of `scheme` under its owner: (ref, name); refused otherwise."""
    kind, _, pk = (ref or "").partition(":")
    if not pk.isdigit():
        raise DomainError("请选择考核对象")
    if scheme.subject in rules.RATED_SUBJECTS:
        found = {s.ref: s.name for s in scoring.subjects_of(scheme, scheme.owner, timezone.localdate())}
        if ref in found:
            return ref, found[ref]
    if scheme.subject == "village" and kind == scoring.ORG:
        org = Organization.objects.filter(pk=int(pk), path__startswith=scheme.org_path, is_village_level=True).first()
        if org is not None:
            return ref, org.name
    if scheme.subject != "village" and kind == scoring.PERSON:
        person = Person.objects.filter(pk=int(pk), org_path__startswith=scheme.org_path).first()
        if person is not None:
            return ref, person.name
    raise DomainError("考核对象不在本方案的考核范围内")


def add_diary(actor: Actor, scheme: Scheme, *, subject_ref: str, indicator: str, on: dt.date, description: str,
              points: Decimal, today: dt.date | None = None) -> DiaryEntry:  # fmt: skip
    """台账日记法: an event of the year (date, what, points) for one village or person."""
    _manager(actor, scheme.owner)
    today = today or timezone.localdate()
    ind = scheme.indicators.get(indicator)
    if ind is None or ind.method != "diary":
        raise DomainError("请选择本方案中按台账日记法计分的指标")
    ref, name = _subject(scheme, subject_ref)
    description = (description or "").strip()
    if not description or len(description) > 300:
        raise DomainError("请填写事项（300字以内）")
    if on > today:
        raise DomainError("台账日记的日期不能晚于今天")
    low = ind.floor if ind.floor < 0 else -ind.points
    rules.check_points(points, low, ind.points, ind.name)
    with transaction.atomic():
        entry = DiaryEntry.objects.create(owner=scheme.owner, org_path=scheme.org_path, scheme_code=scheme.code,
                                          indicator=indicator, subject_ref=ref, subject_name=name, on=on,
                                          description=description, points=points,
                                          entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", entry, org=scheme.owner,
                     changes={"对象": name, "指标": ind.name, "日期": on.isoformat(), "分数": str(points)})  # fmt: skip
    return entry


# ---------------------------------------------------------------- 目标责任书


def sign_target(actor: Actor, scheme: Scheme, *, organization: Organization, year: int, signed_on: dt.date,
                signed_by: str, targets: dict[str, Any], note: str = "",
                today: dt.date | None = None) -> TargetLetter:  # fmt: skip
    """目标责任书 (seed 001: 3月份与各村签订): the village's target per metric indicator of the year."""
    _manager(actor, scheme.owner)
    today = today or timezone.localdate()
    if scheme.subject != "village":
        raise DomainError("目标责任书只与村党组织签订")
    _subject(scheme, f"{scoring.ORG}:{organization.pk}")
    if signed_on > today:
        raise DomainError("签订日期不能晚于今天")
    if not 2000 <= year <= today.year + 1:
        raise DomainError("年度不正确")
    signed_by = (signed_by or "").strip()
    if not signed_by or len(signed_by) > 200:
        raise DomainError("请填写签订人（如乡党委书记、村党支部书记的姓名）")
    indicators = scheme.indicators
    clean: dict[str, str] = {}
    for code, raw in targets.items():
        if raw in (None, ""):
            continue
        ind = indicators.get(code)
        if ind is None or ind.method != "metric":
            raise DomainError(f"目标值只能设定在按业务数据计分的指标上（“{code}”不是）")
        value = rules.dec(raw, f"“{ind.name}”的目标值")
        if value < 0:
            raise DomainError(f"“{ind.name}”的目标值不能为负数")
        clean[code] = str(value)
    if not clean:
        raise DomainError("请至少填写一项目标值")
    with transaction.atomic():
        try:
            with transaction.atomic():
                letter = TargetLetter.objects.create(scheme=scheme, organization=organization,
                                                     org_path=organization.path, year=year, signed_on=signed_on,
                                                     signed_by=signed_by, targets=clean,
                                                     note=(note or "")[:300])  # fmt: skip
        except IntegrityError as exc:
            raise DomainError(f"{organization.name}{year}年的目标责任书已签订") from exc
        audit.record(
            actor, "create", letter, org=organization, changes={"目标": clean, "签订日期": signed_on.isoformat()}
        )
    return letter


# ---------------------------------------------------------------- rounds


def open_round(actor: Actor, scheme: Scheme, *, organization: Organization, year: int, period: str = "year",
               number: int = 1, today: dt.date | None = None) -> Round:  # fmt: skip
    _manager(actor, organization)
    if not organization.path.startswith(scheme.org_path):
        raise DomainError("该方案不适用于这个组织")
    today = today or timezone.localdate()
    if period not in rules.PERIODS:
        raise DomainError("考核周期应为年度、半年或季度")
    if not 2000 <= year <= today.year:
        raise DomainError("年度不正确")
    number = 1 if period == "year" else number
    start, end = rules.span(period, year, number)
    rnd = Round(scheme=scheme, organization=organization, org_path=organization.path, year=year, period=period,
                number=number, starts_on=start, ends_on=end, created_by=actor_user(actor))  # fmt: skip
    engine.begin(rnd, today)
    with transaction.atomic():
        try:
            with transaction.atomic():
                rnd.save()
        except IntegrityError as exc:
            raise DomainError(
                f"{organization.name}{rules.period_label(period, year, number)}的这项考核已经建立"
            ) from exc
        engine.started(actor, rnd, today, "建立考核")
        audit.record(actor, "create", rnd, org=organization, changes={"考核": str(rnd)})
    return rnd


def _draft(rnd: Round) -> None:
    if rnd.state != "draft":
        raise DomainError("本轮考核已计分，不能再修改评审打分或述职记录")


def record_review(actor: Actor, rnd: Round, *, subject_ref: str, indicator: str, points: Decimal,
                  comment: str = "") -> ReviewScore:  # fmt: skip
    """A reviewer's score (0 to the indicator's points) of a qualitative indicator; again replaces it."""
    _manager(actor, rnd.organization)
    _draft(rnd)
    ind = rnd.scheme.indicators.get(indicator)
    if ind is None or ind.method != "review":
        raise DomainError("请选择本方案中需评审打分的指标")
    names = {s.ref: s.name for s in scoring.subjects_of(rnd.scheme, rnd.organization, rnd.ends_on)}
    if subject_ref not in names:
        raise DomainError("考核对象不在本轮考核范围内")
    rules.check_points(points, rules.ZERO, ind.points, ind.name)
    user = actor_user(actor)
    if user is None:
        raise DomainError("评审打分须由评审人本人登录后进行")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        _draft(locked)
        score, _ = ReviewScore.objects.update_or_create(
            round=rnd,
            subject_ref=subject_ref,
            indicator=indicator,
            reviewer=user,
            defaults={"points": points, "comment": (comment or "")[:300], "reviewer_name": actor_name(actor)},
        )
        audit.record(actor, "update", rnd, org=rnd.organization,
                     changes={"评审": ind.name, "对象": names[subject_ref], "分数": str(points)})  # fmt: skip
    return score


def record_report(actor: Actor, rnd: Round, *, organization: Organization, reporter: str, audience: str,
                  reported_on: dt.date, text: str, person: Person | None = None,
                  today: dt.date | None = None) -> Report:  # fmt: skip
    """述职 (seed 002): who reported, to whom, on what day, what was said."""
    _manager(actor, rnd.organization)
    _draft(rnd)
    today = today or timezone.localdate()
    if not organization.path.startswith(rnd.org_path):
        raise DomainError("述职的村不在本轮考核范围内")
    reporter, audience, text = (reporter or "").strip(), (audience or "").strip(), (text or "").strip()
    if not reporter or len(reporter) > 50:
        raise DomainError("请填写述职人")
    if not audience or len(audience) > 100:
        raise DomainError("请填写述职对象（如乡镇党委和本村全体党员）")
    if not text:
        raise DomainError("请填写述职内容")
    if reported_on > today:
        raise DomainError("述职日期不能晚于今天")
    with transaction.atomic():
        report = Report.objects.create(round=rnd, organization=organization, person=person, reporter=reporter,
                                       audience=audience, reported_on=reported_on, text=text)  # fmt: skip
        audit.record(actor, "create", report, org=organization, changes={"述职人": reporter, "对象": audience})
    return report


def compute(actor: Actor, rnd: Round, *, today: dt.date | None = None) -> Round:
    """Score the round once: every subject's result from the records; the scheme is frozen."""
    _manager(actor, rnd.organization)
    today = today or timezone.localdate()
    if rnd.state != "draft":
        raise DomainError("本轮考核已经计分，不能重复计分")
    results = scoring.compute(rnd)
    with transaction.atomic():
        engine.transition(actor, rnd, "scored", on=today, today=today, updates={"scored_at": timezone.now()})
        Result.objects.bulk_create(results)
        Scheme.objects.filter(pk=rnd.scheme_id, frozen_at__isnull=True).update(frozen_at=timezone.now())
        audit.record(actor, "update", rnd, org=rnd.organization, changes={"计分": f"{len(results)}个对象"})
    return rnd


def notice_text(rnd: Round) -> str:
    """The 公示 of the results: names of villages (or cadres), score, 等次, 称号; nothing personal."""
    lines = [f"根据{rnd.scheme.name}，{rnd.label}考核结果如下："]
    for r in rnd.results.order_by("-score", "name"):
        extra = "，".join(
            x for x in (r.rating, r.level and f"{r.level}（{r.move}）", "一票否决" if r.vetoed else "") if x
        )
        lines.append(f"{r.name}：{r.score}分，{r.grade}{'，' + extra if extra else ''}")
    tail = "公示期间如有异议，可通过来信、来电、来访等方式向乡镇党委反映。"
    while len("\n".join([*lines, tail])) > MAX_NOTICE and len(lines) > 2:  # a county-wide round: the board lists all
        lines.pop()
        tail = "（其余结果见考核公示牌）\n" + tail.split("\n")[-1]
    return "\n".join([*lines, tail])


def publish(actor: Actor, rnd: Round, *, days: int | None = None, today: dt.date | None = None) -> Round:
    """The results go to 公示 (the notices app, the engine's step "notice") before they are final."""
    _manager(actor, rnd.organization)
    today = today or timezone.localdate()
    if rnd.scheme.subject == "member":
        raise DomainError("党员个人的评选结果请在党员大会上通报，不在公开栏公示")
    with transaction.atomic():
        engine.transition(actor, rnd, "publicity", on=today, today=today)
        notice_actions.publish_notice(actor, subject=rnd, step="publicity", organization=rnd.organization,
                                      title=f"关于{rnd.label}{rnd.scheme.name}结果的公示", text=notice_text(rnd),
                                      days=days, board="township", today=today)  # fmt: skip
    return rnd


def finalize(actor: Actor, rnd: Round, *, today: dt.date | None = None) -> Round:
    """After the 公示 period, with every objection handled: the results are final."""
    _manager(actor, rnd.organization)
    today = today or timezone.localdate()
    engine.transition(actor, rnd, "final", on=today, today=today)
    return rnd


# ---------------------------------------------------------------- duty quotas


def check_items(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        raise DomainError("请至少设定一项任务")
    known = known_metrics()
    seen: set[str] = set()
    out = []
    for raw in items:
        label = str(raw.get("label") or "").strip() if isinstance(raw, dict) else ""
        if not label:
            raise DomainError("请填写任务名称")
        rules._words("任务", label)
        code = rules._code(raw.get("code"), f"任务“{label}”", seen)
        if raw.get("role") not in ROLES:
            raise DomainError(f"任务“{label}”应选择适用的干部：{'、'.join(ROLES.values())}")
        count = raw.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
            raise DomainError(f"任务“{label}”的数量应为正整数")
        key = str(raw.get("metric") or "")
        if key and known.get(key) != "person":
            raise DomainError(f"任务“{label}”所用的数据“{key}”未登记为人员数据，不能计数")
        out.append({"code": code, "label": label, "role": raw["role"], "count": count, "metric": key})
    return out


def copy_quota(actor: Actor, owner: Organization, template: str) -> QuotaScheme:
    _manager(actor, owner)
    data = QUOTAS.get(template)
    if data is None:
        raise DomainError("没有这个任务模板")
    items = check_items(data["items"])
    with transaction.atomic():
        if QuotaScheme.objects.filter(owner=owner, code=template).exists():
            raise DomainError(f"本单位已有“{data['name']}”")
        scheme = QuotaScheme.objects.create(owner=owner, org_path=owner.path, code=template, name=data["name"],
                                            items=items, source=data.get("source", ""))  # fmt: skip
        audit.record(actor, "create", scheme, org=owner, changes={"任务": data["name"]})
    return scheme


def add_evidence(actor: Actor, scheme: QuotaScheme, *, item: str, person: Person, on: dt.date, amount: int,
                 description: str, today: dt.date | None = None) -> Evidence:  # fmt: skip
    """A duty done that no app records (帮助输出劳动力 …): what, when, how many."""
    _manager(actor, scheme.owner)
    today = today or timezone.localdate()
    found = next((i for i in scheme.items if i["code"] == item), None)
    if found is None:
        raise DomainError("请选择任务")
    if found["metric"]:
        raise DomainError(f"“{found['label']}”按业务记录自动计数，无需手工登记")
    if not person.org_path.startswith(scheme.org_path):
        raise DomainError("该干部不在本单位范围内")
    if on > today:
        raise DomainError("完成日期不能晚于今天")
    if not 1 <= amount <= 1000:
        raise DomainError("数量应在1至1000之间")
    description = (description or "").strip()
    if not description or len(description) > 300:
        raise DomainError("请填写完成情况（300字以内）")
    with transaction.atomic():
        entry = Evidence.objects.create(scheme=scheme, item=item, person=person, on=on, amount=amount,
                                        description=description, entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", entry, org=scheme.owner,
                     changes={"干部": person.name, "任务": found["label"], "数量": amount})  # fmt: skip
    return entry
