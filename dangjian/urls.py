from django.urls import include, path

urlpatterns = [
    path("", include("workbench.urls")),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("orgs/", include("orgs.urls")),
    path("members/", include("members.urls")),
    path("stats/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("authority/", include("authority.urls")),
    path("todo/", include("work.urls")),
    path("adjustments/", include("adjustments.urls")),
    path("transfers/", include("transfers.urls")),
    path("development/", include("development.urls")),
    path("exchange/", include("exchange.urls")),
    path("orglife/", include("orglife.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("leadership/", include("leadership.urls")),
    path("activities/", include("activities.urls")),
    path("discipline/", include("discipline.urls")),
    path("elections/", include("elections.urls")),
    path("funds/", include("funds.urls")),
    path("assessment/", include("assessment.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("commendations/", include("commendations.urls")),
    path("supervision/", include("supervision.urls")),
    path("dues/", include("dues.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.forbidden"
handler500 = "core.views.server_error"
handler404 = "core.views.not_found"
