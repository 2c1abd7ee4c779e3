"""Which unit must act on a complaint, and whether it is the city's job at all.

Both are suggestions the desk confirms; each records the rule that made it.
"""

from . import places
from .models import AuthorityRule, RoutingRule


def _text(complaint):
    return f"{complaint.description} {complaint.address}".lower()


def route(complaint):
    """(unit, rule) of the most specific active rule that matches, or (None, None)."""
    text = _text(complaint)
    rules = [r for r in RoutingRule.objects.filter(category_id=complaint.category_id, is_active=True)
             .select_related("unit") if r.matches(complaint, text)]
    if not rules:
        return None, None
    best = min(rules, key=lambda r: (-r.specificity, r.priority, r.pk))
    return best.unit, best


def authority(complaint):
    """The first active authority rule that matches (a report about Kebun Raya goes to BRIN), or None.
    With no rule matching its words, a point outside the city picks the rule of the body responsible
    there (in Kabupaten Bogor: Pemkab Bogor), so the desk turns that suggestion off with the rule."""
    text = _text(complaint)
    rules = list(AuthorityRule.objects.filter(is_active=True).select_related("responsible_body"))
    for rule in rules:
        if rule.matches(complaint, text):
            return rule
    body = places.responsible_body_code(complaint)
    return next((rule for rule in rules if body and rule.responsible_body.code == body), None)


def assess(complaint):
    """Fill in the suggestions on a new complaint (not saved here)."""
    complaint.suggested_unit, complaint.routing_rule = route(complaint)
    complaint.authority_rule = authority(complaint)


def rules_by_category(categories):
    """{category id: [active rules]} for these categories, each list by priority: one query."""
    rules = {}
    for rule in (RoutingRule.objects.filter(is_active=True, category__in=categories).select_related("unit")
                 .order_by("priority", "pk")):
        rules.setdefault(rule.category_id, []).append(rule)
    return rules


def default_rule(rules):
    """Of one category's active rules, the one for a report with no particular place or words: the
    least specific, then the first by priority (None without rules). Its unit is the category's
    default unit, which Open311 publishes as the service's group."""
    return min(rules, key=lambda r: (r.specificity, r.priority), default=None)

