using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Features.Access;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Admin;

/// <summary>
/// Administration within one's own reach: every admin operation on a person or an agency system above the admin's
/// clearance (read from the endpoint data source) answers 404 and changes nothing; grants stay within the admin's own
/// clearance and roles; nobody changes their own roles or clearance.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AdminReachTests(string provider) : ApiTest(provider)
{
    private const string Admin = "mps.admin"; // secret
    private const string AboveAdmin = "mps.coordinator"; // top-secret, same agency

    /// <summary>A valid body for each admin operation on one user or client; an operation missing here fails the test.</summary>
    private static readonly Dictionary<string, Func<object?>> Bodies = new()
    {
        ["GetUser"] = () => null,
        ["UpdateUser"] = () => new { displayName = "Taken over", unitCode = (string?)null, roles = new[] { "viewer" }, clearance = "unclassified", active = false, unlock = true },
        ["SetUserPassword"] = () => new { password = "Taken-over-2026" },
        ["RevokeApiClient"] = () => null,
        ["GetApiClient"] = () => null,
    };

    [Test]
    public async Task Every_operation_on_a_user_or_client_above_the_admins_clearance_is_a_404_and_changes_nothing()
    {
        var (clientId, key) = await ProvisionApiKey("MPS", "top-secret", Scopes.RegulationsRead);
        var targetUser = await UserState(AboveAdmin);
        var targetClient = await ClientState(clientId);
        var operations = AuthorizationMatrixTests.ApiEndpoint.All(Factory.Services)
            .Where(e => e.Pattern.StartsWith("/api/v1/admin/users/{", StringComparison.Ordinal)
                || e.Pattern.StartsWith("/api/v1/admin/api-clients/{", StringComparison.Ordinal))
            .ToList();
        Assert.That(operations.Select(o => o.Name), Is.SupersetOf(new[] { "GetUser", "UpdateUser", "SetUserPassword", "RevokeApiClient" }));

        foreach (var operation in operations)
        {
            Assert.That(Bodies.ContainsKey(operation.Name), Is.True, $"{operation}: add a body to {nameof(Bodies)}");
            var onUser = operation.Pattern.Contains("/users/", StringComparison.Ordinal);
            var url = System.Text.RegularExpressions.Regex.Replace(operation.Pattern, @"\{id(:\w+)?\}", onUser ? targetUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : clientId.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative));
            if (Bodies[operation.Name]() is { } body)
            {
                request.Content = JsonContent.Create(body);
            }

            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{targetUser.RowVersion}\""));
            var response = await As(Admin).SendAsync(request);

            await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
            Assert.That(await UserState(AboveAdmin), Is.EqualTo(targetUser), $"{operation} changed the user");
            Assert.That(await ClientState(clientId), Is.EqualTo(targetClient), $"{operation} changed the client");
        }

        var users = await GetAllPages(As(Admin), "/api/v1/admin/users?limit=200");
        var clients = await GetAllPages(As(Admin), "/api/v1/admin/api-clients?limit=200");
        Assert.Multiple(async () =>
        {
            Assert.That(users.Select(u => u.GetProperty("username").GetString()), Does.Not.Contain(AboveAdmin));
            Assert.That(clients.Select(c => c.GetProperty("id").GetString()), Does.Not.Contain(clientId.ToString()));
            Assert.That((await WithApiKey(key).GetAsync(new Uri("/api/v1/regulations", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_secret_admin_cannot_reset_a_top_secret_users_password_and_sign_in_as_them()
    {
        var id = (await UserState(AboveAdmin)).Id;

        var reset = await As(Admin).PostAsJsonAsync(new Uri($"/api/v1/admin/users/{id}/password", UriKind.Relative), new { password = "Taken-over-2026" });

        await ProblemAssert.IsProblem(reset, HttpStatusCode.NotFound);
        var signIn = await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = AboveAdmin, password = "Taken-over-2026" });
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await SignIn(AboveAdmin, DemoPassword), Is.Not.Empty, "the real password still works");
    }

    /// <summary>A demo admin holds only <c>admin</c>: of the roles, it may grant those whose access admin already has.</summary>
    [TestCase("admin", true)]
    [TestCase("viewer", true)]
    [TestCase("coordinator", false)]
    [TestCase("officer", false)]
    [TestCase("auditor", false)]
    [TestCase("registry_admin", false)]
    public async Task An_admin_grants_only_roles_within_their_own(string role, bool allowed)
    {
        Assert.That(Roles.All, Does.Contain(role));
        var username = $"grant.{role}.{Guid.NewGuid():N}"[..40];
        var response = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = username, unitCode = "MPS-VP", roles = new[] { role }, clearance = "unclassified", password = "Granted-2026-pass",
        });

        if (allowed)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }
        else
        {
            await ProblemAssert.HasFieldErrors(response, "roles");
            Assert.That(await UserCount(username), Is.Zero);
        }
    }

    [Test]
    public async Task Every_role_is_covered_by_the_grant_cases() =>
        Assert.That(typeof(AdminReachTests).GetMethod(nameof(An_admin_grants_only_roles_within_their_own))!
            .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>().Select(c => (string)c.Arguments[0]!),
            Is.EquivalentTo(Roles.All));

    /// <summary>Of the scopes, a demo admin (roles: admin) may give an agency system those its own role passes.</summary>
    [Test]
    public async Task An_admin_gives_an_agency_system_only_scopes_within_their_roles()
    {
        string[] withinAdmin = [Scopes.RegulationsRead, Scopes.TasksRead, Scopes.ReviewsRead, Scopes.AuditRead];
        foreach (var scope in Scopes.All)
        {
            var name = $"scope probe {Guid.NewGuid():N}";
            var response = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
                new { name, scopes = new[] { scope }, clearance = "unclassified" });
            if (withinAdmin.Contains(scope))
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"{scope}: {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                await ProblemAssert.HasFieldErrors(response, "scopes");
                Assert.That(await ClientCount(name), Is.Zero, scope);
            }
        }
    }

    [Test]
    public async Task No_grant_of_a_clearance_above_the_admins_own()
    {
        var user = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username = "too.high", displayName = "Too high", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "top-secret", password = "Granted-2026-pass",
        });
        var client = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = "too high system", scopes = new[] { Scopes.RegulationsRead }, clearance = "top-secret" });
        var viewer = await UserState("mps.viewer");
        var raise = await Put(As(Admin), viewer, new { displayName = "Viewer", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "top-secret", active = true, unlock = false });

        await ProblemAssert.HasFieldErrors(user, "clearance");
        await ProblemAssert.HasFieldErrors(client, "clearance");
        await ProblemAssert.HasFieldErrors(raise, "clearance");
        Assert.That(await UserState("mps.viewer"), Is.EqualTo(viewer));
    }

    [Test]
    public async Task An_admin_cannot_change_their_own_roles_or_clearance()
    {
        var self = await UserState(Admin);
        var moreRoles = await Put(As(Admin), self, new { displayName = "Admin", unitCode = (string?)null, roles = new[] { "admin", "viewer" }, clearance = "secret", active = true, unlock = false });
        var lower = await Put(As(Admin), self, new { displayName = "Admin", unitCode = (string?)null, roles = new[] { "admin" }, clearance = "confidential", active = true, unlock = false });

        await ProblemAssert.IsProblem(moreRoles, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(lower, HttpStatusCode.Forbidden);
        Assert.That(await UserState(Admin), Is.EqualTo(self));
    }

    /// <summary>
    /// What each admin operation on a user would do to the admin's own account: every one that changes authority, active
    /// state or password is refused; reading oneself is not. An operation on users missing here fails the test.
    /// </summary>
    private static readonly Dictionary<string, (HttpStatusCode Expected, Func<UserRecord, object?> Body)[]> OnSelf = new()
    {
        ["GetUser"] = [(HttpStatusCode.OK, _ => null)],
        ["UpdateUser"] =
        [
            (HttpStatusCode.Forbidden, u => new { displayName = u.DisplayName, unitCode = (string?)null, roles = new[] { "admin" }, clearance = "secret", active = false, unlock = false }),
            (HttpStatusCode.Forbidden, u => new { displayName = u.DisplayName, unitCode = (string?)null, roles = new[] { "admin", "viewer" }, clearance = "secret", active = true, unlock = false }),
            (HttpStatusCode.Forbidden, u => new { displayName = u.DisplayName, unitCode = (string?)null, roles = new[] { "admin" }, clearance = "confidential", active = true, unlock = false }),
        ],
        ["SetUserPassword"] = [(HttpStatusCode.Forbidden, _ => new { password = "Self-service-2026" })],
    };

    [Test]
    public async Task Every_admin_operation_on_oneself_that_changes_authority_or_password_is_a_403_and_changes_nothing()
    {
        var self = await UserState(Admin);
        var operations = AuthorizationMatrixTests.ApiEndpoint.All(Factory.Services)
            .Where(e => e.Pattern.StartsWith("/api/v1/admin/users/{", StringComparison.Ordinal)).ToList();
        Assert.That(operations.Select(o => o.Name), Is.SupersetOf(new[] { "GetUser", "UpdateUser", "SetUserPassword" }));

        foreach (var operation in operations)
        {
            Assert.That(OnSelf.ContainsKey(operation.Name), Is.True, $"{operation}: add its cases to {nameof(OnSelf)}");
            foreach (var (expected, body) in OnSelf[operation.Name])
            {
                var url = System.Text.RegularExpressions.Regex.Replace(operation.Pattern, @"\{id(:\w+)?\}", self.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative));
                if (body(self) is { } content)
                {
                    request.Content = JsonContent.Create(content);
                }

                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{self.RowVersion}\""));
                var response = await As(Admin).SendAsync(request);

                if (expected == HttpStatusCode.OK)
                {
                    Assert.That(response.StatusCode, Is.EqualTo(expected), $"{operation}");
                }
                else
                {
                    await ProblemAssert.IsProblem(response, expected);
                }

                Assert.That(await UserState(Admin), Is.EqualTo(self), $"{operation} changed the admin's own account");
            }
        }

        Assert.That((await As(Admin).GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "the admin is still active and signed in");
    }

    private static async Task<HttpResponseMessage> Put(HttpClient client, UserRecord user, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{user.Id}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{user.RowVersion}\""));
        return await client.SendAsync(request);
    }

    private async Task<UserRecord> UserState(string username)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<UserRecord>(
            "SELECT id AS Id, row_version AS RowVersion, display_name AS DisplayName, roles AS Roles, clearance AS Clearance, active AS Active, "
            + "password_hash AS PasswordHash, security_stamp AS SecurityStamp FROM users WHERE username = @Username;", new { Username = username });
    }

    private async Task<ClientRecord> ClientState(Guid id)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<ClientRecord>(
            "SELECT name AS Name, scopes AS Scopes, clearance AS Clearance, revoked_at AS RevokedAt FROM api_clients WHERE id = @Id;", new { Id = id });
    }

    private async Task<int> UserCount(string username)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE username = @Username;", new { Username = username });
    }

    private async Task<int> ClientCount(string name)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM api_clients WHERE name = @Name;", new { Name = name });
    }

    internal sealed record ClientRecord
    {
        public string Name { get; init; } = "";

        public string Scopes { get; init; } = "";

        public int Clearance { get; init; }

        public DateTimeOffset? RevokedAt { get; init; }
    }

    internal sealed record UserRecord
    {
        public int Id { get; init; }

        public int RowVersion { get; init; }

        public string DisplayName { get; init; } = "";

        public string Roles { get; init; } = "";

        public int Clearance { get; init; }

        public bool Active { get; init; }

        public string PasswordHash { get; init; } = "";

        public string SecurityStamp { get; init; } = "";
    }
}
