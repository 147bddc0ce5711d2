"""Admin for linked chats and forwarding addresses: managers see them and remove (revoke) them."""

from django.contrib import admin

from homenrich.admin_site import HouseholdScopedAdmin

from . import services
from .models import ChatLink, InboxAddress


@admin.register(ChatLink)
class ChatLinkAdmin(HouseholdScopedAdmin):
    list_display = ["title", "platform", "is_group", "membership", "household", "created_at", "last_used_at"]
    list_filter = ["platform", "is_group"]
    list_select_related = ["membership", "household"]
    fields = ["household", "membership", "platform", "title", "is_group", "created_at", "last_used_at"]
    # Chat ids stay out of the page: removing a link is all a manager needs to do here.

    def service_delete(self, request, by, obj):
        services.chat_link_remove(by=by, link=obj)


@admin.register(InboxAddress)
class InboxAddressAdmin(HouseholdScopedAdmin):
    list_display = ["membership", "hint", "created_at", "last_used_at", "revoked_at", "household"]
    list_select_related = ["membership", "household"]
    fields = ["household", "membership", "hint", "created_at", "last_used_at", "revoked_at"]
    # Only the token's hash is stored, and it stays out of the page. Deleting here revokes the address.

    def service_delete(self, request, by, obj):
        services.inbox_address_revoke(by=by, address=obj)
