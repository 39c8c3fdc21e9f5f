import datetime as dt

from django import template

from jiceng.people.models import Person

register = template.Library()


@register.filter
def age(person: Person, today: dt.date) -> int:
    return person.age_on(today)
