using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Auth;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class SignInTests(string provider) : ApiTest(provider)
{
    private static readonly Uri Token = new("/api/v1/auth/token", UriKind.Relative);

    [Test]
    public async Task A_demo_user_gets_a_token_and_me_tells_who_they_are()
    {
        var token = await SignIn("mic.officer", DemoPassword);
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var me = await GetJson<JsonElement>(client, "/api/v1/auth/me");

        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("kind").GetString(), Is.EqualTo("user"));
            Assert.That(me.GetProperty("username").GetString(), Is.EqualTo("mic.officer"));
            Assert.That(me.GetProperty("agencyCode").GetString(), Is.EqualTo("MIC"));
            Assert.That(me.GetProperty("unitCode").GetString(), Is.EqualTo("MIC-ATTT"));
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "officer" }));
            Assert.That(me.GetProperty("clearance").GetString(), Is.EqualTo("confidential"));
        });
    }

    [Test]
    public async Task A_wrong_password_is_a_401_problem()
    {
        var response = await Anonymous.PostAsJsonAsync(Token, new { username = "mps.viewer", password = "not the password" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task An_unknown_user_is_the_same_401_problem()
    {
        var response = await Anonymous.PostAsJsonAsync(Token, new { username = "nobody", password = "whatever-it-is" });

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("The username or password is wrong."));
    }

    [Test]
    public async Task Missing_fields_are_field_errors()
    {
        var response = await Anonymous.PostAsJsonAsync(Token, new { username = "", password = "" });

        await ProblemAssert.HasFieldErrors(response, "username", "password");
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var content = new StringContent("{\"username\": \"mps.viewer\", ", Encoding.UTF8, "application/json");
        var response = await Anonymous.PostAsync(Token, content);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("JSON"));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var content = new StringContent("username=mps.viewer&password=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await Anonymous.PostAsync(Token, content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        await CreateUser("lockout.probe", "Correct-Horse-1");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await Anonymous.PostAsJsonAsync(Token, new { username = "lockout.probe", password = $"wrong-{attempt}-xxxx" });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var locked = await Anonymous.PostAsJsonAsync(Token, new { username = "lockout.probe", password = "Correct-Horse-1" });

        var problem = await ProblemAssert.IsProblem(locked, HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("locked"));
    }

    [Test]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var token = await SignIn("mps.viewer", DemoPassword);
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.GetAsync(new Uri("/api/v1/regulations", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized);
    }

    private async Task CreateUser(string username, string password)
    {
        var response = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }
}

public sealed class SignInRateLimitTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" })
{
    [Test]
    public async Task Sign_in_attempts_over_the_limit_are_429_problems_with_retry_after()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "mps.viewer", password = "wrong-password" });
            statuses.Add(last.StatusCode);
        }

        Assert.That(statuses.Take(3), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        await ProblemAssert.IsProblem(last!, HttpStatusCode.TooManyRequests);
        Assert.That(last!.Headers.RetryAfter, Is.Not.Null);
    }
}

public sealed class CallerRateLimitTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["RateLimits:PerCallerPerMinute"] = "5" })
{
    [Test]
    public async Task A_caller_over_its_rate_is_a_429_problem_and_others_are_not_affected()
    {
        var viewer = As("mps.viewer");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await viewer.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative))).StatusCode);
        }

        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses.Last(), Is.EqualTo(HttpStatusCode.TooManyRequests));
        var other = await As("mic.viewer").GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
