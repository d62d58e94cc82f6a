using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// Calls every /api/v1 endpoint the app has (read from its endpoint data source, not a hand list) as anonymous,
/// as every role of both agencies, and as agency systems with and without the scope, and checks who gets in.
/// The table below says which policy each endpoint must carry; an endpoint missing from it, or missing its
/// policy, fails.
/// </summary>
public sealed class AuthorizationMatrixTests() : ApiTest("Sqlite")
{
    private static readonly Dictionary<string, string?> Expected = new()
    {
        ["CreateToken"] = null, // anonymous: it is how one signs in
        ["GetMe"] = CoordinationApi.Infrastructure.Security.Access.Authenticated,
        ["ListAgencies"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["ListUnits"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetAgency"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["CreateAgency"] = CoordinationApi.Infrastructure.Security.Access.Registry,
        ["UpdateAgency"] = CoordinationApi.Infrastructure.Security.Access.Registry,
        ["CreateFirstAdmin"] = CoordinationApi.Infrastructure.Security.Access.Registry,
        ["GetFirstAdmin"] = CoordinationApi.Infrastructure.Security.Access.Registry,
        ["GetUnit"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["CreateUnit"] = CoordinationApi.Infrastructure.Security.Access.RegistryUnitsAndPersons,
        ["UpdateUnit"] = CoordinationApi.Infrastructure.Security.Access.RegistryUnitsAndPersons,
        ["ListPersons"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetPerson"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["CreatePerson"] = CoordinationApi.Infrastructure.Security.Access.RegistryUnitsAndPersons,
        ["UpdatePerson"] = CoordinationApi.Infrastructure.Security.Access.RegistryUnitsAndPersons,
        ["ListRegulations"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetRegulation"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["ListTasks"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["GetTask"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["ListTaskHistory"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["ListProgressReports"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["GetProgressReport"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["CreateTask"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["UpdateTask"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["TransitionTask"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["CreateProgressReport"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["CreateOccurrences"] = CoordinationApi.Infrastructure.Security.Access.ProduceOccurrences,
        ["GetDashboard"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["GetMyWork"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["ListReviews"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetReview"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["ListEvaluations"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetReviewPlan"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetPreliminarySummary"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetReviewMinutes"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["UpdateReviewMinutes"] = CoordinationApi.Infrastructure.Security.Access.ReviewMinutes,
        ["ListTaskComments"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["GetTaskComment"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["GetReviewComment"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["ListTaskCommentRevisions"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["CreateTaskComment"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["UpdateTaskComment"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["ListReviewComments"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["ListReviewCommentRevisions"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["CreateReviewComment"] = CoordinationApi.Infrastructure.Security.Access.ReviewComments,
        ["UpdateReviewComment"] = CoordinationApi.Infrastructure.Security.Access.ReviewComments,
        ["GetReviewDocument"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetSummaryDocument"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetReviewCalendar"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["ListReminders"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GenerateReviewSchedule"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["CreateReview"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["TransitionReview"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["EvaluateTask"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["EvaluateFromBaseline"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["CreateFeedToken"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["ListNotifications"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["GetUnreadNotificationCount"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["MarkNotificationRead"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["MarkAllNotificationsRead"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["GetNotificationPreferences"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["UpdateNotificationPreferences"] = CoordinationApi.Infrastructure.Security.Access.People,
        ["ListRecognitions"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["GetRecognition"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["CreateRecognition"] = CoordinationApi.Infrastructure.Security.Access.ReviewsWrite,
        ["ListVersions"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetVersion"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetVersionText"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetTextAsOf"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetProvision"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["GetCoverage"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["CompareVersions"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["Search"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["CreateRegulation"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["UpdateRegulation"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["StartAmendment"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["PublishVersion"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["CreateProvision"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["UpdateProvision"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["DeleteProvision"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["ExportVersionAkn"] = CoordinationApi.Infrastructure.Security.Access.RegulationsRead,
        ["ImportVersion"] = CoordinationApi.Infrastructure.Security.Access.RegulationsWrite,
        ["ExportUnits"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportArticles"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportTasks"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportProgressReports"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportReviews"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportEvaluations"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportRecognitions"] = CoordinationApi.Infrastructure.Security.Access.Export,
        ["ExportAudit"] = CoordinationApi.Infrastructure.Security.Access.AuditExport,
        ["ListAuditEntries"] = CoordinationApi.Infrastructure.Security.Access.AuditRead,
        ["VerifyAuditChain"] = CoordinationApi.Infrastructure.Security.Access.AuditRead,
        ["ListAuditCheckpoints"] = CoordinationApi.Infrastructure.Security.Access.AuditRead,
        ["CreateAuditCheckpoint"] = CoordinationApi.Infrastructure.Security.Access.AuditRead,
        ["ListUsers"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["GetUser"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["CreateUser"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["UpdateUser"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["SetUserPassword"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["ListApiClients"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["GetApiClient"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["CreateApiClient"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["RevokeApiClient"] = CoordinationApi.Infrastructure.Security.Access.Administer,
        ["CreateWebhookSubscription"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["ListWebhookSubscriptions"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["GetWebhookSubscription"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["UpdateWebhookSubscription"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["DeleteWebhookSubscription"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["RotateWebhookSecret"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["ListWebhookDeliveries"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["RedeliverWebhook"] = CoordinationApi.Infrastructure.Security.Access.Webhooks,
        ["ListReportEvidence"] = CoordinationApi.Infrastructure.Security.Access.TasksRead,
        ["UploadReportEvidence"] = CoordinationApi.Infrastructure.Security.Access.TasksWrite,
        ["ListMinutesEvidence"] = CoordinationApi.Infrastructure.Security.Access.ReviewsRead,
        ["UploadMinutesEvidence"] = CoordinationApi.Infrastructure.Security.Access.ReviewMinutes,
        ["GetEvidenceContent"] = CoordinationApi.Infrastructure.Security.Access.Authenticated,
        ["ExportEvidence"] = CoordinationApi.Infrastructure.Security.Access.Export,
    };

    private static readonly string[] Agencies = ["mps", "mic"];

    private List<ApiEndpoint> endpoints = null!;

    [OneTimeSetUp]
    public void ReadEndpoints() => endpoints = ApiEndpoint.All(Factory.Services);

    [Test]
    public void Every_api_endpoint_is_in_the_matrix_with_its_policy()
    {
        Assert.That(endpoints, Has.Count.GreaterThanOrEqualTo(Expected.Count));
        Assert.Multiple(() =>
        {
            foreach (var endpoint in endpoints)
            {
                Assert.That(Expected.ContainsKey(endpoint.Name), Is.True, $"{endpoint} is not in the authorization matrix: add it with its policy.");
                if (Expected.TryGetValue(endpoint.Name, out var policy))
                {
                    Assert.That(endpoint.Policies, policy is null ? Is.Empty : Is.EqualTo(new[] { policy }), $"{endpoint} carries the wrong policy.");
                    Assert.That(endpoint.AllowsAnonymous, Is.EqualTo(policy is null), $"{endpoint}: anonymous access");
                }
            }
        });
    }

    [Test]
    public async Task Anonymous_callers_get_a_401_problem_everywhere_but_sign_in()
    {
        foreach (var endpoint in endpoints.Where(e => Expected.GetValueOrDefault(e.Name) is not null))
        {
            var response = await endpoint.Call(Anonymous);

            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized);
        }
    }

    [Test]
    public async Task Each_role_gets_in_exactly_where_its_policy_lets_it()
    {
        var failures = new List<string>();
        foreach (var agency in Agencies)
        {
            foreach (var role in Roles.All)
            {
                var client = As($"{agency}.{role}");
                foreach (var endpoint in endpoints.Where(e => Expected.GetValueOrDefault(e.Name) is not null))
                {
                    var allowed = CoordinationApi.Infrastructure.Security.Access.RolesOf(Expected[endpoint.Name]!).Contains(role);
                    var status = (await endpoint.Call(client)).StatusCode;
                    if (allowed ? status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : status != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{agency}.{role} → {endpoint}: {(int)status}, expected {(allowed ? "access" : "403")}");
                    }
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Agency_systems_get_in_exactly_where_their_scopes_let_them()
    {
        var failures = new List<string>();
        var withExport = WithApiKey((await ProvisionApiKey("MPS", "confidential", Scopes.Export)).Key);
        var withRegulations = WithApiKey(await CreateApiKey("mic.admin", "confidential", Scopes.RegulationsRead, Scopes.AuditRead));
        foreach (var (client, scopes) in new[] { (withExport, new[] { Scopes.Export }), (withRegulations, new[] { Scopes.RegulationsRead, Scopes.AuditRead }) })
        {
            foreach (var endpoint in endpoints.Where(e => Expected.GetValueOrDefault(e.Name) is not null))
            {
                var scope = CoordinationApi.Infrastructure.Security.Access.ScopeOf(Expected[endpoint.Name]!);
                var allowed = scope == "*" || (scope is not null && scopes.Contains(scope));
                var status = (await endpoint.Call(client)).StatusCode;
                if (allowed ? status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"client [{string.Join(',', scopes)}] → {endpoint}: {(int)status}, expected {(allowed ? "access" : "403")}");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_revoked_or_unknown_key_is_a_401_problem()
    {
        var unknown = WithApiKey("cak_abcdefghij_" + new string('x', 43));

        await ProblemAssert.IsProblem(await unknown.GetAsync(new Uri("/api/v1/regulations", UriKind.Relative)), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once_even_right_after_use()
    {
        var created = await As("mic.admin").PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = "to revoke", scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
        var body = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var client = WithApiKey(body.GetProperty("apiKey").GetString()!);
        Assert.That((await client.GetAsync(new Uri("/api/v1/regulations", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoke = await As("mic.admin").PostAsync(new Uri($"/api/v1/admin/api-clients/{body.GetProperty("client").GetProperty("id").GetString()}/revoke", UriKind.Relative), null);
        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await ProblemAssert.IsProblem(await client.GetAsync(new Uri("/api/v1/regulations", UriKind.Relative)), HttpStatusCode.Unauthorized);
    }

    /// <summary>An endpoint as the routing system sees it, and a request that reaches it.</summary>
    internal sealed record ApiEndpoint(string Name, string Method, string Pattern, IReadOnlyList<string> Policies, bool AllowsAnonymous)
    {
        public static List<ApiEndpoint> All(IServiceProvider services) =>
            services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
                .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiEndpoint(
                    e.Metadata.GetMetadata<EndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!,
                    method,
                    e.RoutePattern.RawText!,
                    [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct()],
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
                .ToList();

        public Task<HttpResponseMessage> Call(HttpClient client, string query = "")
        {
            var url = System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{(\w+)(:(\w+))?\}", m => m.Groups[3].Value switch
            {
                "int" or "long" => "1",
                "guid" => Guid.Empty.ToString(),
                _ => m.Groups[1].Value == "code" ? "MPS" : "x",
            });
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(url + query, UriKind.Relative));
            if (Method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            return client.SendAsync(request);
        }

        public override string ToString() => $"{Method} {Pattern} ({Name})";
    }
}
