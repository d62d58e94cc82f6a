using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Auth;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Admin;

/// <summary>What the admin handlers need besides their request and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record AdminServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, HttpContext Http);

/// <summary>People and agency systems of the admin's own agency. Every change is audited.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Admin").RequireAccess(Access.Administer).ReturnsNoClassifiedData();
        group.MapGet("/users", ListUsers).WithName(nameof(ListUsers));
        group.MapGet("/users/{id:int}", GetUser).WithName(nameof(GetUser)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/users", CreateUser).WithName(nameof(CreateUser)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/users/{id:int}", UpdateUser).WithName(nameof(UpdateUser))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/users/{id:int}/password", SetUserPassword).WithName(nameof(SetUserPassword)).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/api-clients", ListApiClients).WithName(nameof(ListApiClients));
        group.MapGet("/api-clients/{id:guid}", GetApiClient).WithName(nameof(GetApiClient)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/api-clients", CreateApiClient).WithName(nameof(CreateApiClient)).WithMetadata(Idempotency.HonouredSecretShownOnce)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/api-clients/{id:guid}/revoke", RevokeApiClient).WithName(nameof(RevokeApiClient))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>The people of the admin's agency within the admin's clearance, by username.</summary>
    public static async Task<Ok<Page<UserDto>>> ListUsers(
        [AsParameters] UsersQuery query, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(AdminLists.UsersList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<UserRow>(new CommandDefinition(AdminSql.Users(services.Db.Dialect), CallerParameters.For(caller, new
        {
            KeyUsername = key.Length == 0 ? null : key, Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(AdminLists.UsersList, rows, limit, r => r.Username);
        return TypedResults.Ok(new Page<UserDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor));
    }

    /// <summary>One person of the admin's agency, with its ETag.</summary>
    /// <param name="id">User id.</param>
    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetUser(
        int id, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            AdminSql.User, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        if (row is null)
        {
            return NoSuchUser(id);
        }

        Concurrency.SetETag(services.Http, row.RowVersion);
        return TypedResults.Ok(row.ToDto());
    }

    /// <summary>
    /// Creates a person of the admin's agency. 409 when the username or the display name is reserved or looks like the
    /// name or display name of another person or agency system.
    /// </summary>
    public static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (AdminReach.CheckGrant(caller, services.Reference, request.UnitCode, request.Clearance, request.Roles, out var unit) is { } invalid)
        {
            return invalid;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        // The password is part of the request (another password with the same key is a 422), but only stretched: see HashOf.
        var requestHash = Idempotency.HashOf(request with { Password = "" }, request.Password);
        async Task<UserDto?> IfVisible(UserDto user) => await connection.QuerySingleOrDefaultAsync<UserRow>(
            AdminSql.User, CallerParameters.For(caller, new { user.Id }), transaction) is null ? null : user;
        if (await write.ReplayAsync<UserDto>(services.Http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (AdminReach.IsTaken(request.Username, await connection.QueryAsync<string>(AdminSql.NamesInUse, transaction: transaction)))
        {
            return NameTaken("username", request.Username);
        }

        if (AdminReach.IsTaken(request.DisplayName, await connection.QueryAsync<string>(AdminSql.NamesInUseBesides, new { Id = 0 }, transaction)))
        {
            return NameTaken("displayName", request.DisplayName);
        }

        await connection.ExecuteAsync(AdminSql.InsertUser, CallerParameters.For(caller, new
        {
            request.Username, request.DisplayName, UnitId = unit?.Id, Roles = string.Join(',', request.Roles),
            Clearance = (int)ClearanceNames.Parse(request.Clearance), PasswordHash = AuthEndpoints.HashPassword(request.Username, request.Password),
            SecurityStamp = CurrentAuthority.NewStamp(), Now = write.Now, request.Email, Language = request.Language ?? ContentLanguages.Vietnamese,
        }), transaction);
        var id = await connection.ExecuteScalarAsync<int>(AdminSql.UserIdByName, new { request.Username }, transaction);
        var created = await connection.QuerySingleAsync<UserRow>(AdminSql.User, CallerParameters.For(caller, new { Id = id }), transaction);
        await write.AuditAsync(new AuditEvent("user.create", "user", Id(id), After: created.ToDto(), Classification: (Clearance)created.Clearance));
        var location = $"/api/v1/admin/users/{id}";
        Concurrency.SetETag(services.Http, created.RowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created.ToDto(), IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created.ToDto());
    }

    /// <summary>
    /// Changes a person's name, unit, roles, clearance, active state, e-mail address or language, or unlocks them.
    /// Requires <c>If-Match</c>.
    /// A change of roles, clearance or active state refuses the person's earlier tokens from the next request on. A new
    /// display name that is reserved or looks like another person's or agency system's name or display name is a 409.
    /// </summary>
    /// <param name="id">User id.</param>
    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        int id, UpdateUserRequest request, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var before = await connection.QuerySingleOrDefaultAsync<UserRow>(AdminSql.User, CallerParameters.For(caller, new { Id = id }), transaction);
        if (before is null)
        {
            return NoSuchUser(id);
        }

        if (AdminReach.CheckNotSelf(caller, id, before, request) is { } self)
        {
            return self;
        }

        if (AdminReach.NameSkeleton(request.DisplayName) != AdminReach.NameSkeleton(before.DisplayName)
            && AdminReach.IsTaken(request.DisplayName, await connection.QueryAsync<string>(AdminSql.NamesInUseBesides, new { Id = id }, transaction)))
        {
            return NameTaken("displayName", request.DisplayName);
        }

        var held = before.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (AdminReach.CheckGrant(caller, services.Reference, request.UnitCode, request.Clearance, request.Roles.Except(held), out var unit) is { } invalid)
        {
            return invalid;
        }

        if (!ifMatch.Matches(before.RowVersion))
        {
            return Concurrency.Stale();
        }

        var changed = await connection.ExecuteAsync(AdminSql.UpdateUser, CallerParameters.For(caller, new
        {
            Id = id, RowVersion = before.RowVersion, request.DisplayName, UnitId = unit?.Id, Roles = string.Join(',', request.Roles),
            Clearance = (int)ClearanceNames.Parse(request.Clearance), request.Active, Unlock = request.Unlock == true ? 1 : 0,
            SecurityStamp = CurrentAuthority.NewStamp(), Now = write.Now,
            // Absent leaves the address and language as they are (a client that does not know them keeps them); "" removes the address.
            Email = request.Email is null ? before.Email : request.Email.Length == 0 ? null : request.Email,
            Language = request.Language ?? before.Language,
        }), transaction);
        if (changed == 0)
        {
            return Concurrency.Stale();
        }

        var after = await connection.QuerySingleAsync<UserRow>(AdminSql.User, CallerParameters.For(caller, new { Id = id }), transaction);
        if (NoChange.Between(before, after))
        {
            // A body that changes nothing writes nothing (no new security stamp either): the scope is left uncommitted.
            Concurrency.SetETag(services.Http, before.RowVersion);
            return TypedResults.Ok(before.ToDto());
        }

        await write.AuditAsync(new AuditEvent("user.update", "user", Id(id), before.ToDto(), after.ToDto(), (Clearance)Math.Max(before.Clearance, after.Clearance)));
        await write.CommitAsync();

        Concurrency.SetETag(services.Http, after.RowVersion);
        return TypedResults.Ok(after.ToDto());
    }

    /// <summary>Sets a new password for a person (and clears a lockout). Their earlier tokens are refused from the next request on.</summary>
    /// <param name="id">User id.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> SetUserPassword(
        int id, SetPasswordRequest request, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(AdminSql.User, CallerParameters.For(caller, new { Id = id }), transaction);
        if (user is null)
        {
            return NoSuchUser(id);
        }

        if (AdminReach.CheckNotOwnPassword(caller, id) is { } self)
        {
            return self;
        }

        if (await connection.ExecuteAsync(AdminSql.SetPassword, CallerParameters.For(caller, new
        {
            Id = id, PasswordHash = AuthEndpoints.HashPassword(user.Username, request.Password), SecurityStamp = CurrentAuthority.NewStamp(),
            Now = write.Now,
        }), transaction) == 0)
        {
            return NoSuchUser(id);
        }

        // The audit entry records that the password changed, never the password or its hash.
        await write.AuditAsync(new AuditEvent("user.set-password", "user", Id(id), Classification: (Clearance)user.Clearance));
        await write.CommitAsync();
        return TypedResults.NoContent();
    }

    /// <summary>The agency systems of the admin's agency, revoked ones included, oldest first.</summary>
    public static async Task<Ok<Page<ApiClientDto>>> ListApiClients(
        [AsParameters] ApiClientsQuery query, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var (keyAt, keyPrefix) = AdminLists.ClientKey(services.Cursors.PositionOf(AdminLists.ClientsList, query.Cursor));
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ApiClientRow>(new CommandDefinition(AdminSql.Clients(services.Db.Dialect), CallerParameters.For(caller, new
        {
            KeyAt = keyAt, KeyPrefix = keyPrefix, Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(AdminLists.ClientsList, rows, limit, AdminLists.ClientPosition);
        return TypedResults.Ok(new Page<ApiClientDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor));
    }

    /// <summary>One agency system of the admin's agency (the <c>Location</c> of a created one); never its key.</summary>
    /// <param name="id">Client id.</param>
    public static async Task<Results<Ok<ApiClientDto>, ProblemHttpResult>> GetApiClient(
        Guid id, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ApiClientRow>(
            new CommandDefinition(AdminSql.Client, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        return row is null ? Problems.NotFound($"No API client of your agency has the id {id}.") : TypedResults.Ok(row.ToDto());
    }

    /// <summary>
    /// Creates an agency system and its API key. The key is in this response only. With an <c>Idempotency-Key</c>, a retry
    /// creates nothing and answers 409 (<c>replay-withheld</c>) with the client's <c>Location</c>: the key is kept only as a
    /// hash and is never shown again.
    /// </summary>
    public static async Task<Results<Created<ApiClientCreatedDto>, ValidationProblem, ProblemHttpResult>> CreateApiClient(
        CreateApiClientRequest request, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var clearance = ClearanceNames.Parse(request.Clearance);
        if (AdminReach.CheckClientGrant(caller, request.Scopes, clearance) is { } invalid)
        {
            return invalid;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        // The key is remembered with the client as created WITHOUT its API key (stored only as a hash): a retry is a 409
        // naming the client, never the key again (see Idempotency.Withheld).
        var requestHash = Idempotency.HashOf(request);
        async Task<ApiClientDto?> IfVisible(ApiClientDto client) => await connection.QuerySingleOrDefaultAsync<ApiClientRow>(
            AdminSql.Client, CallerParameters.For(caller, new { client.Id }), transaction) is null ? null : client;
        if (Idempotency.Withheld(services.Http, await write.ReplayAsync<ApiClientDto>(services.Http, idempotencyKey, requestHash, IfVisible)) is { } earlier)
        {
            return earlier;
        }

        if (AdminReach.IsTaken(request.Name, await connection.QueryAsync<string>(AdminSql.NamesInUse, transaction: transaction)))
        {
            return NameTaken("name", request.Name);
        }

        var (client, key) = await InsertApiClientAsync(connection, transaction, caller.AgencyId, request.Name, request.Scopes, clearance,
            caller.Name, isDemo: false, write.Now);
        await write.AuditAsync(new AuditEvent("api-client.create", "api-client", client.Id.ToString(), After: client, Classification: clearance));
        var location = $"/api/v1/admin/api-clients/{client.Id}";
        // A concurrent request with the same key may have been saved first: then this one's client is rolled back, unseen.
        if (Idempotency.Withheld(services.Http, await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, client, IfVisible)) is { } winner)
        {
            return winner;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, new ApiClientCreatedDto(client, key));
    }

    /// <summary>Revokes an agency system's key: from now on it is refused.</summary>
    /// <param name="id">Client id.</param>
    public static async Task<Results<Ok<ApiClientDto>, ProblemHttpResult>> RevokeApiClient(
        Guid id, Caller caller, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var before = await connection.QuerySingleOrDefaultAsync<ApiClientRow>(AdminSql.Client, CallerParameters.For(caller, new { Id = id }), transaction);
        if (before is null)
        {
            return Problems.NotFound($"No API client of your agency has the id {id}.");
        }

        if (await connection.ExecuteAsync(AdminSql.RevokeClient, CallerParameters.For(caller, new { Id = id, Now = write.Now }), transaction) == 0)
        {
            return Problems.Conflict("The key is already revoked.", $"The key of '{before.Name}' was revoked at {before.RevokedAt:u}.");
        }

        var after = await connection.QuerySingleAsync<ApiClientRow>(AdminSql.Client, CallerParameters.For(caller, new { Id = id }), transaction);
        await write.AuditAsync(new AuditEvent("api-client.revoke", "api-client", id.ToString(), before.ToDto(), after.ToDto(), (Clearance)before.Clearance));
        await write.CommitAsync();
        return TypedResults.Ok(after.ToDto());
    }

    /// <summary>Creates a client row and returns it with its key (used by the admin endpoint and the demo seed).</summary>
    internal static async Task<(ApiClientDto Client, string Key)> InsertApiClientAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, int agencyId, string name,
        IEnumerable<string> scopes, Clearance clearance, string createdBy, bool isDemo, DateTimeOffset now)
    {
        var (key, prefix, hash) = ApiKeys.Generate();
        var id = Guid.NewGuid();
        await connection.ExecuteAsync(AdminSql.InsertClient, new
        {
            Id = id, Name = name, AgencyId = agencyId, Scopes = string.Join(',', scopes), Clearance = (int)clearance,
            KeyPrefix = prefix, KeyHash = hash, IsDemo = isDemo, Now = now, CreatedBy = createdBy,
        }, transaction);
        var row = await connection.QuerySingleAsync<ApiClientRow>(AdminSql.Client, new { Id = id, CallerAgencyId = agencyId, CallerClearance = (int)clearance }, transaction);
        return (row.ToDto(), key);
    }

    /// <summary>
    /// Says neither who holds the name nor of which agency or clearance: a person hidden from the admin must not be
    /// revealed by the refusal.
    /// </summary>
    private static ProblemHttpResult NameTaken(string field, string name)
    {
        var detail = $"'{name}' is reserved, or is (or looks like) the name of a person or agency system. Choose another name.";
        // The field it concerns, as a 400 names its fields, so a form shows the refusal under that field.
        return Problems.Conflict("The name is taken.", detail, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
            ProblemTypes.NameTaken);
    }

    /// <summary>Also the answer for a user above the admin's clearance: for the admin, they do not exist.</summary>
    private static ProblemHttpResult NoSuchUser(int id) => Problems.NotFound($"No user of your agency within your clearance has the id {id}.");

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
