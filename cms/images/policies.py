"""Collection permissions for images and documents where deleting is a right of its own.

Wagtail's ownership policy treats "delete" as "change"; here a unit's editors may add and fix
images in their collection, and only its reviewers (and Diskominfo) may remove them."""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class SeparateDeletePermissionPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return self._check_perm(user, ["delete"])
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if "delete" in actions:
            if self._check_perm(user, ["delete"], collection=instance.collection):
                return True
            actions.discard("delete")
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)
