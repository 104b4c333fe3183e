from django.contrib import admin

from zhaoshang.core.admin import AuditedAdmin
from zhaoshang.portal.models import Contact, Enquiry, Label, Page, Post, PostVersion


@admin.register(Label)
class LabelAdmin(AuditedAdmin):
    list_display = ("slug", "name_en", "name_zh_hans", "name_zh_hant", "blogger_term")
    search_fields = ("slug", "name_en", "name_zh_hans", "name_zh_hant")


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = ("name_en", "phone", "fax", "email", "order")


@admin.register(Page)
class PageAdmin(AuditedAdmin):
    list_display = ("slug", "language", "title", "is_published")


class PostVersionInline(admin.StackedInline):
    model = PostVersion
    extra = 0
    readonly_fields = ("body_html",)


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ("slug", "status", "publish_at", "featured")
    list_filter = ("status", "labels")
    inlines = [PostVersionInline]


@admin.register(Enquiry)
class EnquiryAdmin(AuditedAdmin):
    list_display = ("reference", "created_at", "name", "company", "country_region", "status")
    list_filter = ("status",)
    search_fields = ("reference", "name", "company", "email")
