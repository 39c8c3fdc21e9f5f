"""Roster import/export against the contract (shared/spec/roster-and-stats.md)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization, Village
from jiceng.people import roster
from jiceng.people.models import Person, Post
from jiceng.people.tests.factories import valid_id
from jiceng.reports.live import compute_org_stats_live

ORGS = [
    ["测试县委", "", "县委", "422822", ""],
    ["南镇党委", "测试县委", "乡镇党委", "", ""],
    ["南一村党支部", "测试县委/南镇党委", "党支部", "", "南一村"],
    ["第一党小组", "测试县委/南镇党委/南一村党支部", "党小组", "", ""],
]
SECRETARY_ID = valid_id(dt.date(1968, 4, 2), male=True)
MEMBER_ID = valid_id(dt.date(1990, 8, 9), male=False)


def person_row(**overrides: Any) -> list[Any]:
    values = {
        "姓名": "张三", "公民身份号码": SECRETARY_ID, "性别": "男", "出生日期": "1968-04-02", "民族": "汉族",
        "学历": "高中", "人员类别": "正式党员", "所在党组织": "测试县委/南镇党委/南一村党支部",
        "入党日期": "1995/7/1", "转正日期": "1996年7月1日", "预备期延长": "", "党内职务": "书记", "村委会职务": "主任", "监委会职务": "",
        "职务任职日期": dt.date(2021, 1, 15), "联系电话": "13800000001", "是否流动党员": "否",
    }  # fmt: skip
    values.update(overrides)
    return [values[h] for h in roster.PERSON_HEADERS]


def workbook(orgs: list[list[Any]] | None = None, people: list[list[Any]] | None = None,
             person_headers: list[str] | None = None) -> io.BytesIO:  # fmt: skip
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("组织")
    sheet.append(roster.ORG_HEADERS)
    for row in ORGS if orgs is None else orgs:
        sheet.append(row)
    sheet = book.create_sheet("人员")
    sheet.append(person_headers or roster.PERSON_HEADERS)
    default = [person_row(), person_row(姓名="李芳", 公民身份号码=MEMBER_ID, 性别="女", 出生日期="", 人员类别="预备党员",
                                        入党日期="2026-03-01", 转正日期="", 党内职务="", 村委会职务="", 职务任职日期="",
                                        所在党组织="测试县委/南镇党委/南一村党支部/第一党小组", 学历="大学本科", 民族="苗族")]  # fmt: skip
    for row in default if people is None else people:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def problems(plan: roster.Plan) -> list[str]:
    return [str(p) for p in plan.problems]


def test_template_has_the_contract_headers(db, tmp_path):
    call_command("roster_template", str(tmp_path / "t.xlsx"))
    book = load_workbook(tmp_path / "t.xlsx")
    assert [c.value for c in book["组织"][1]] == roster.ORG_HEADERS
    assert [c.value for c in book["人员"][1]] == roster.PERSON_HEADERS
    plan = roster.import_roster(str(tmp_path / "t.xlsx"))
    assert plan.ok and sum(plan.counts().values()) == 0


@pytest.mark.django_db
def test_valid_workbook_imports_orgs_people_and_posts():
    plan = roster.import_roster(workbook())
    assert problems(plan) == []
    assert plan.counts() == {"orgs_created": 4, "orgs_updated": 0, "orgs_unchanged": 0,
                             "people_created": 2, "people_updated": 0, "people_unchanged": 0}  # fmt: skip
    branch = Organization.objects.get(full_path="测试县委/南镇党委/南一村党支部")
    assert branch.village == Village.objects.get(name="南一村") and branch.is_village_level
    zhang = Person.objects.get(name="张三")
    assert (zhang.sex, zhang.birth_date, zhang.joined_on, zhang.confirmed_on, zhang.education) == (
        "M",
        dt.date(1968, 4, 2),
        dt.date(1995, 7, 1),
        dt.date(1996, 7, 1),
        "high_school",
    )
    assert sorted(Post.objects.filter(person=zhang).values_list("body", "title", "start_on")) == [
        ("party", "secretary", dt.date(2021, 1, 15)),
        ("village_committee", "director", dt.date(2021, 1, 15)),
    ]
    li = Person.objects.get(name="李芳")
    assert (li.category, li.ethnicity, li.organization.name) == ("probationary", "苗族", "第一党小组")
    stats = compute_org_stats_live(Organization.objects.get(depth=1), dt.date(2026, 11, 23))
    assert stats["cadres"]["dual_post"] == 1 and stats["members"]["minority"] == 1
    assert AuditEvent.objects.filter(action="create", object_type="people.person").count() == 2


@pytest.mark.django_db
def test_reimport_changes_nothing():
    roster.import_roster(workbook())
    counts = (Person.objects.count(), Post.objects.count(), AuditEvent.objects.count(), Organization.objects.count())
    plan = roster.import_roster(workbook())
    assert plan.ok and plan.counts()["people_unchanged"] == 2 and plan.counts()["orgs_unchanged"] == 4
    assert (Person.objects.count(), Post.objects.count(), AuditEvent.objects.count(),
            Organization.objects.count()) == counts  # fmt: skip


@pytest.mark.django_db
def test_changed_row_updates_and_is_audited():
    roster.import_roster(workbook())
    plan = roster.import_roster(workbook(people=[person_row(联系电话="13900000002", 党内职务="副书记")]))
    assert plan.counts()["people_updated"] == 1
    event = AuditEvent.objects.get(action="update", object_type="people.person")
    assert event.changes == {"phone": ["13800000001", "13900000002"]}
    zhang = Person.objects.get(name="张三")
    current = Post.objects.current_on(timezone.localdate() + dt.timedelta(days=1)).filter(person=zhang, body="party")
    assert list(current.values_list("title", flat=True)) == ["deputy_secretary"]


@pytest.mark.django_db
def test_dry_run_writes_nothing(capsys):
    plan = roster.import_roster(workbook(), dry_run=True)
    assert plan.ok and plan.counts()["people_created"] == 2
    assert not Person.objects.exists() and not Organization.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (person_row(公民身份号码=SECRETARY_ID[:-1] + ("0" if SECRETARY_ID[-1] != "0" else "1")),
         "人员 2 公民身份号码: 公民身份号码校验位不正确"),
        (person_row(性别="女"), "人员 2 性别: 与公民身份号码不一致"),
        (person_row(出生日期="1968-04-03"), "人员 2 出生日期: 与公民身份号码不一致"),
        (person_row(转正日期="1990-01-01"), "人员 2 转正日期: 转正日期不能早于入党日期"),
        (person_row(入党日期=""), "人员 2 入党日期: 党员必须填写入党日期"),
        (person_row(所在党组织="测试县委/北镇党委"), "人员 2 所在党组织: 找不到组织“测试县委/北镇党委”"),
        (person_row(入党日期="1995-02-30"), "人员 2 入党日期: 日期不存在"),
        (person_row(入党日期="七月一日"), "人员 2 入党日期: 日期格式不正确，应为 2024-03-01、2024/3/1 或 2024年3月1日"),
        (person_row(公民身份号码=float(SECRETARY_ID[:15])), "人员 2 公民身份号码: 请以文本格式填写（数字格式会丢失末几位）"),
        (person_row(人员类别="党员"), "人员 2 人员类别: “党员”不是有效值，应为：正式党员、预备党员、发展对象、入党积极分子、入党申请人、群众"),
        (person_row(联系电话="12345"), "人员 2 联系电话: 联系电话应为11位手机号码"),
        (person_row(姓名=""), "人员 2 姓名: 必填"),
    ],
)  # fmt: skip
def test_each_error_names_sheet_row_and_column(row, expected):
    plan = roster.import_roster(workbook(people=[row]))
    assert problems(plan) == [expected]
    assert not Organization.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_org_errors():
    orgs = [*ORGS, ["错镇党委", "测试县委/南镇党委/南一村党支部", "乡镇党委", "", ""],
            ["孤儿党支部", "测试县委/无此镇", "党支部", "", ""], ["南镇党委", "测试县委", "乡镇党委", "", ""],
            ["X支部", "测试县委", "支部", "12", ""]]  # fmt: skip
    plan = roster.import_roster(workbook(orgs=orgs, people=[]))
    assert problems(plan) == [
        "组织 8 组织名称: 与第3行重复",
        "组织 9 组织类别: “支部”不是有效的组织类别",
        "组织 6 组织类别: 党支部下不能设立乡镇党委",
        "组织 7 上级组织: 找不到组织“测试县委/无此镇”",
    ]


@pytest.mark.django_db
def test_duplicate_ids_missing_columns_and_extra_columns():
    plan = roster.import_roster(workbook(people=[person_row(), person_row(姓名="张三三")]))
    assert problems(plan) == ["人员 3 公民身份号码: 与第2行的公民身份号码重复"]
    headers = [h for h in roster.PERSON_HEADERS if h != "人员类别"] + ["备注"]
    plan = roster.import_roster(workbook(people=[], person_headers=headers))
    assert problems(plan) == ["人员 1 人员类别: 缺少必填列"]
    assert plan.warnings == ["人员 1 备注: 不认识的列，已忽略"]


@pytest.mark.django_db
def test_one_bad_row_writes_nothing():
    second = person_row(姓名="李芳", 公民身份号码=MEMBER_ID, 性别="男", 出生日期="", 入党日期="2015-07-01",
                        转正日期="2016-07-01", 党内职务="", 村委会职务="")  # fmt: skip
    plan = roster.import_roster(workbook(people=[person_row(), second]))
    assert problems(plan) == ["人员 3 性别: 与公民身份号码不一致"]
    assert (Person.objects.count(), Organization.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_not_a_workbook(db):
    plan = roster.import_roster(io.BytesIO(b"not an excel file"))
    assert problems(plan) == ["文件 1 -: 无法读取该文件，请上传 .xlsx 格式的花名册"]


def test_web_scope_refuses_rows_outside_the_subtree(tree, personas):
    orgs = [
        ["东一村党支部", "测试县委/东镇党委", "党支部", "", ""],
        ["西二村党支部", "测试县委/西镇党委", "党支部", "", ""],
    ]
    people = [person_row(所在党组织="测试县委/西镇党委/西一村党支部", 党内职务="", 村委会职务="")]
    plan = roster.import_roster(workbook(orgs=orgs, people=people), personas["township_officer"])
    assert problems(plan) == ["组织 3 组织名称: 不在您的管辖范围内", "人员 2 所在党组织: 不在您的管辖范围内"]


def test_import_roster_command_exit_code_and_messages(db, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(people=[person_row(性别="女")]).getvalue())
    with pytest.raises(CommandError, match="共 1 处错误，未写入任何数据"):
        call_command("import_roster", str(path))
    assert "人员 2 性别: 与公民身份号码不一致" in capsys.readouterr().err
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook().getvalue())
    call_command("import_roster", str(good), "--dry-run")
    assert "校验通过（未写入）" in capsys.readouterr().out and not Person.objects.exists()


@pytest.mark.parametrize("value", ["2024-03-01", "2024/3/1", "2024年3月1日", dt.datetime(2024, 3, 1, 0, 0), 45352])
def test_date_formats(value):
    assert roster.parse_date(value) == dt.date(2024, 3, 1)


def _stats_by_path() -> dict[str, Any]:
    day = dt.date(2026, 11, 23)
    return {o.full_path: {k: v for k, v in compute_org_stats_live(o, day).items() if k != "org"}
            for o in Organization.objects.all()}  # fmt: skip


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_identical_statistics(tmp_path):
    from jiceng.demo.seed import seed

    seed("township", 7, dt.date(2026, 11, 23), lambda _: None)
    before = _stats_by_path()
    path = tmp_path / "export.xlsx"
    call_command("export_roster", str(path), "--org", "青山县委", "--full-ids")
    assert AuditEvent.objects.filter(action="export").count() == 1
    # Empty the database.
    from jiceng.accounts.models import User

    User.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.update(village=None)
    Village.objects.all().delete()
    Organization.objects.all().delete()
    plan = roster.import_roster(str(path))
    assert problems(plan) == []
    assert _stats_by_path() == before


def test_masked_export_hides_ids(tree, tmp_path):
    from jiceng.people.tests.factories import make_person

    person = make_person(tree.east1, "王五")
    data = roster.export_bytes(tree.east)
    sheet = load_workbook(io.BytesIO(data))["人员"]
    assert [c.value for c in sheet[2]][:2] == ["王五", person.id_masked]
    assert person.id_number not in str([c.value for row in sheet.iter_rows() for c in row])
