"""Who sees transformation projects: officers those of the enterprises in their regions
(and below), enterprise users their own enterprise's, administrators all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zhaoshang.core.models import User
from zhaoshang.core.visibility import visibility_rule
from zhaoshang.leads.access import regions_covered
from zhaoshang.projects.models import TransformationProject
from zhaoshang.registry.models import Enterprise, EnterpriseMember

VIEW = "projects.view_transformationproject"
CHANGE = "projects.change_transformationproject"


def enterprises_for_officer(user: User) -> QuerySet[Enterprise]:
    if user.is_superuser:
        return Enterprise.objects.all()
    if not user.is_active or not user.has_perm(VIEW):
        return Enterprise.objects.none()
    codes = list(regions_covered(user).values_list("code", flat=True))
    return Enterprise.objects.filter(region_id__in=codes)


@visibility_rule(TransformationProject)
def transformation_visible_to(user: User) -> QuerySet[TransformationProject]:
    if not user.is_active:
        return TransformationProject.objects.none()
    if user.is_superuser:
        return TransformationProject.objects.all()
    if user.has_perm(VIEW):
        codes = list(regions_covered(user).values_list("code", flat=True))
        return TransformationProject.objects.filter(enterprise__region_id__in=codes)
    mine = EnterpriseMember.objects.filter(user_id=user.pk).values("enterprise_id")
    return TransformationProject.objects.filter(enterprise_id__in=mine)


def transformation_visible(user: User, pk: int) -> TransformationProject:
    found = (
        transformation_visible_to(user)
        .select_related("enterprise", "enterprise__region", "level_before", "level_after")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found
