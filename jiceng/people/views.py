from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Person


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.visible_to(request.user).search(request.GET.get("q", ""))
    return render(request, "people/list.html", {"people": people.select_related("organization")[:100]})
