"""Deterministic synthetic data: a demo county (or township, or province) with plausible people.

Names, ages and education follow the shape the seed reports describe (seed 002: 55+ ≈ half of
members, ≤35 ≈ 11%; seed 004: most village cadres 初中及以下). Every ID number is valid.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from jiceng.core.calendar import add_months
from jiceng.people.rules import Category, CommitteeTitle, Education, PartyTitle, PostBody, id_with_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文德福海林春成云光荣祥贵山水金凤友富民生喜庆忠义新宝长永东方翠琴兴家和安"
TOWN_WORDS = "青石白龙马凤河桥山田溪林泉岭湾塘坪岗坝沟店集口庄"
VILLAGE_WORDS = "东西南北上下前后大小新老高低长中"
PLACE_SUFFIX = ["村", "村", "村", "庄村", "湾村", "坪村"]
ETHNIC_MINORITIES = ["土家族", "苗族", "回族", "壮族", "蒙古族", "侗族"]
DESTINATIONS = ["广东省深圳市", "浙江省杭州市", "江苏省苏州市", "上海市", "北京市", "福建省厦门市"]

# Real county-level address codes of 湖北省 (the demo counties borrow them).
REGION_CODES = [
    "422822",
    "422823",
    "422825",
    "422826",
    "420624",
    "420625",
    "420626",
    "420682",
    "420683",
    "420102",
    "420103",
    "420104",
    "420105",
    "420106",
    "420111",
    "420112",
    "420113",
]

SCALES = {
    # (counties, townships per county, villages per township, people per village)
    "township": (1, 1, 14, 230),
    "county": (1, 15, 17, 235),
    "province": (17, 15, 17, 235),
}

# Education weights for members and residents, roughly rural.
EDU_CHOICES = [
    Education.POSTGRADUATE,
    Education.BACHELOR,
    Education.COLLEGE,
    Education.VOCATIONAL,
    Education.HIGH_SCHOOL,
    Education.JUNIOR_HIGH,
    Education.PRIMARY,
    Education.NONE,
    "",
]
EDU_WEIGHTS = [1, 6, 10, 8, 20, 35, 14, 4, 2]


@dataclass
class DemoPerson:
    id_number: str
    name: str
    category: str
    ethnicity: str
    education: str
    joined_on: dt.date | None
    confirmed_on: dt.date | None
    phone: str
    is_mobile: bool
    destination: str
    posts: list[tuple[str, str]]


class Generator:
    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.used_ids: set[str] = set()

    def name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def place(self, words: str, suffix: str) -> str:
        return self.rng.choice(words) + self.rng.choice(words) + suffix

    def id_number(self, region: str, birth: dt.date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = id_with_check_digit(f"{region}{birth:%Y%m%d}{seq:03d}")
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth_date(self, category: str) -> dt.date:
        if category in (Category.FULL, Category.PROBATIONARY):
            # Members skew old: about half 55+, about a tenth 35 or younger.
            youngest = 22 if category == Category.FULL else 19
            age = int(
                self.rng.choices(
                    [self.rng.randint(youngest, 35), self.rng.randint(36, 54), self.rng.randint(55, 92)],
                    weights=[11, 38, 51],
                )[0]
            )
        else:
            age = self.rng.randint(18, 70)
        start = dt.date(self.today.year - age - 1, self.today.month, 1)
        return start + dt.timedelta(days=self.rng.randrange(0, 360))

    def person(self, region: str, category: str, posts: list[tuple[str, str]] | None = None) -> DemoPerson:
        birth = self.birth_date(category)
        male = self.rng.random() < (0.78 if category in (Category.FULL, Category.PROBATIONARY) else 0.52)
        joined = confirmed = None
        if category == Category.FULL:
            earliest = (
                birth.replace(year=birth.year + 19)
                if birth.month != 2 or birth.day != 29
                else dt.date(birth.year + 19, 3, 1)
            )
            span = max((self.today - earliest).days - 400, 1)
            joined = earliest + dt.timedelta(days=self.rng.randrange(0, span))
            confirmed = add_months(joined, 12)  # the probation year (发展党员工作细则 Art. 32)
        elif category == Category.PROBATIONARY:
            joined = self.today - dt.timedelta(days=self.rng.randrange(10, 360))
        mobile = category == Category.FULL and self.rng.random() < 0.08
        return DemoPerson(
            id_number=self.id_number(region, birth, male),
            name=self.name(),
            category=category,
            ethnicity=self.rng.choice(ETHNIC_MINORITIES) if self.rng.random() < 0.06 else "汉族",
            education=self.rng.choices(EDU_CHOICES, weights=EDU_WEIGHTS)[0],
            joined_on=joined,
            confirmed_on=confirmed,
            phone=f"1{self.rng.choice('3578')}{self.rng.randrange(0, 10**9):09d}" if self.rng.random() < 0.8 else "",
            is_mobile=mobile,
            destination=self.rng.choice(DESTINATIONS) if mobile else "",
            posts=posts or [],
        )

    def village_people(self, region: str, count: int) -> Iterator[DemoPerson]:
        """A village roster: cadres first (secretary, often also director), then members and others."""
        dual = self.rng.random() < 0.6
        secretary_posts: list[tuple[str, str]] = [(PostBody.PARTY, PartyTitle.SECRETARY)]
        if dual:
            secretary_posts.append((PostBody.VILLAGE_COMMITTEE, CommitteeTitle.DIRECTOR))
        yield self.person(region, Category.FULL, secretary_posts)
        if not dual:
            yield self.person(region, Category.FULL, [(PostBody.VILLAGE_COMMITTEE, CommitteeTitle.DIRECTOR)])
        yield self.person(region, Category.FULL, [(PostBody.PARTY, PartyTitle.DEPUTY_SECRETARY)])
        yield self.person(
            region,
            Category.FULL,
            [(PostBody.PARTY, PartyTitle.MEMBER), (PostBody.VILLAGE_COMMITTEE, CommitteeTitle.MEMBER)],
        )
        made = 3 if dual else 4
        weights = {
            Category.FULL: 26,
            Category.PROBATIONARY: 1.2,
            Category.CANDIDATE: 1,
            Category.ACTIVIST: 2,
            Category.APPLICANT: 2,
            Category.RESIDENT: 68,
        }
        cats, w = list(weights), list(weights.values())
        for _ in range(count - made):
            yield self.person(region, self.rng.choices(cats, weights=w)[0])
