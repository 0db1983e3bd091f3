"""Database refusals translated into the same field messages the validators give.

The validators check every rule first, so the database refuses something only when two people
raced (the same name saved twice at once, an organisation deleted meanwhile) or when a rule is
missing from a validator. Either way the person sees a message next to the field in plain
Danish, never the database's text; the details go to the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa

from dashboard import domain
from dashboard.accounts import PermissionDenied
from dashboard.entry.checks import FieldError

log = logging.getLogger(__name__)

# constraint -> (form field, entry.error code); field None means a message for the whole form.
CONSTRAINTS: dict[str, tuple[str | None, str]] = {
    "organisation_name_key": ("name", "organisation_name_taken"),
    "project_name_key": ("name", "project_name_taken"),
    "organisation_name_normalised_key": ("name", "organisation_name_taken"),
    "project_name_normalised_key": ("name", "project_name_taken"),
    "project_slug_key": ("slug", "slug_taken"),
    "project_slug_check": ("slug", "slug_format"),
    "project_short_name_check": ("short_name", "db_invalid_value"),
    "project_budget_mkr_check": ("budget_mkr", "db_invalid_value"),
    "project_status_dated": ("status_date", "status_needs_date"),
    "project_end_only_when_finished": ("end_month", "end_month_only_finished"),
    "project_responsible_organisation_id_fkey": ("responsible", "reference_gone"),
    "project_responsible_position_check": ("responsible", "too_many_responsible"),
    "project_responsible_pkey": ("responsible", "duplicate_choice"),
    "activity_project_id_fkey": ("project", "reference_gone"),
    "activity_partner_council_fkey": ("partner_council", "reference_gone"),
    "activity_plan_year_check": ("plan_year", "db_invalid_value"),
    "activity_awaiting_has_no_month": ("month", "awaiting_has_no_month"),
    "activity_held_is_decided": ("type", "held_must_be_decided"),
    "activity_month_in_council_era": ("month", "month_before_council"),
    "activity_month_in_plan_year": ("month", "month_not_in_plan_year"),
    "activity_pipeline_not_held": ("state", "pipeline_not_held"),
    "risk_assessment_result_pkey": ("activity", "assessment_has_profile"),
    "risk_assessment_result_activity_id_activity_type_fkey": ("activity", "not_an_assessment"),
    "risk_result_axes_together": ("risk", "axes_together"),
    "risk_result_matches_matrix": ("profile", "profile_against_matrix_db"),
    "recommendation_activity_id_activity_type_fkey": ("activity", "not_an_assessment"),
    "recommendation_subcategory_fkey": ("subcategory", "reference_gone"),
    "recommendation_response_dated": ("response_date", "date_required"),
    "recommendation_implementation_dated": ("implementation_date", "date_required"),
    "recommendation_implementation_after_response": ("implementation", "implementation_needs_response"),
    "recommendation_rejected_not_implemented": ("implementation", "rejected_not_implemented"),
    "status_report_one_per_month": ("month", "report_exists"),
    "status_report_project_id_fkey": ("project", "reference_gone"),
    "status_report_action_when_not_green": ("action", "action_rule"),
    "status_report_month_in_council_era": ("month", "month_before_council"),
    "short_text_check": (None, "text_rejected"),
    "long_text_check": (None, "text_rejected"),
    "month_date_check": (None, "db_invalid_value"),
    **{f"status_report_{p}_cause": (f"{p}_cause", "cause_rule") for p in domain.STATUS_PARAMETERS},
    **{f"status_report_{p}_cause_fkey": (f"{p}_cause", "reference_gone") for p in domain.STATUS_PARAMETERS},
}

# The same constraint means something else from another form.
KIND_CONSTRAINTS: dict[tuple[str, str], tuple[str | None, str]] = {
    ("organisation", "project_responsible_organisation_id_fkey"): (None, "organisation_in_use"),
    **{(kind, constraint): ("type", "assessment_has_results")
       for kind in ("activity", "pipeline_item")
       for constraint in ("risk_assessment_result_activity_id_activity_type_fkey",
                          "recommendation_activity_id_activity_type_fkey")},
}


@dataclass
class Translation:
    errors: dict[str, FieldError] = field(default_factory=dict)
    form_error: FieldError | None = None


def translate(exc: sa.exc.DBAPIError, kind: str) -> Translation:
    """The message for a database refusal; raises PermissionDenied for a privilege error and
    re-raises what is not a refusal of the data (a bug, a lost connection)."""
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    diag = getattr(orig, "diag", None)
    constraint = getattr(diag, "constraint_name", None) if diag is not None else None
    log.info("database refused a %s save: %s (%s, constraint %s)", kind, sqlstate, type(orig).__name__, constraint)

    if sqlstate == "42501":
        raise PermissionDenied("auth.write_denied") from None
    if sqlstate.startswith("23"):
        target = KIND_CONSTRAINTS.get((kind, constraint or "")) or CONSTRAINTS.get(constraint or "")
        if target is None and sqlstate == "23502":
            column = getattr(diag, "column_name", None)
            return Translation({column: FieldError("required")} if column else {}, None if column else FieldError("db_rejected"))
        if target is None:
            return Translation(form_error=FieldError("db_rejected"))
        field_name, code = target
        if field_name is None:
            return Translation(form_error=FieldError(code))
        return Translation({field_name: FieldError(code)})
    if sqlstate in ("40001", "40P01", "55P03"):
        return Translation(form_error=FieldError("db_busy"))
    if sqlstate.startswith("22"):
        return Translation(form_error=FieldError("db_invalid_value"))
    if not sqlstate and isinstance(exc, sa.exc.DataError) and "NUL" in str(orig):
        # psycopg refuses a NUL byte before it reaches the server.
        return Translation(form_error=FieldError("nul_byte"))
    raise exc
