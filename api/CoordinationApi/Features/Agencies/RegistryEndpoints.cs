using System.Globalization;
using CoordinationApi.Features.Admin;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Auth;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Agencies;

/// <summary>What the registry handlers need besides their request and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record RegistryServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, HttpContext Http);

/// <summary>
/// The register of agencies, their units and persons. Everyone who reads regulations reads them. A registry admin
/// (<see cref="Roles.RegistryAdmin"/>) adds agencies and gives a new agency its first admin; units and persons are
/// managed by an admin of their agency or by a registry admin. Nothing is deleted: a record is retired with
/// <c>active: false</c>, so regulations, tasks and users that name it keep their meaning. Every change is audited.
/// </summary>
public static class RegistryEndpoints
{
    internal const string PersonsList = "persons";

    /// <summary>The roles of an agency's first admin: together they may grant every role an agency's people hold.</summary>
    internal const string FirstAdminRoles = $"{Roles.Admin},{Roles.Coordinator}";

    public static void MapRegistry(RouteGroupBuilder api, RouteGroupBuilder agencies)
    {
        agencies.MapGet("/{code}", GetAgency).WithName(nameof(GetAgency)).ProducesProblem(StatusCodes.Status404NotFound);

        var registry = api.MapGroup("/agencies").WithTags("Agencies").RequireAccess(Access.Registry).ReturnsNoClassifiedData();
        registry.MapPost("/", CreateAgency).WithName(nameof(CreateAgency)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status409Conflict);
        registry.MapPut("/{code}", UpdateAgency).WithName(nameof(UpdateAgency))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        registry.MapPost("/{code}/first-admin", CreateFirstAdmin).WithName(nameof(CreateFirstAdmin)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        registry.MapGet("/{code}/first-admin", GetFirstAdmin).WithName(nameof(GetFirstAdmin)).ProducesProblem(StatusCodes.Status404NotFound);

        var units = api.MapGroup("/units").WithTags("Agencies").RequireAccess(Access.RegulationsRead).ReturnsNoClassifiedData();
        units.MapGet("/{code}", GetUnit).WithName(nameof(GetUnit)).ProducesProblem(StatusCodes.Status404NotFound);
        var unitWrites = api.MapGroup("/units").WithTags("Agencies").RequireAccess(Access.RegistryUnitsAndPersons).ReturnsNoClassifiedData();
        unitWrites.MapPost("/", CreateUnit).WithName(nameof(CreateUnit)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status409Conflict);
        unitWrites.MapPut("/{code}", UpdateUnit).WithName(nameof(UpdateUnit))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        var persons = api.MapGroup("/persons").WithTags("Agencies").RequireAccess(Access.RegulationsRead).ReturnsNoClassifiedData();
        persons.MapGet("/", ListPersons).WithName(nameof(ListPersons));
        persons.MapGet("/{key}", GetPerson).WithName(nameof(GetPerson)).ProducesProblem(StatusCodes.Status404NotFound);
        var personWrites = api.MapGroup("/persons").WithTags("Agencies").RequireAccess(Access.RegistryUnitsAndPersons).ReturnsNoClassifiedData();
        personWrites.MapPost("/", CreatePerson).WithName(nameof(CreatePerson)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status409Conflict);
        personWrites.MapPut("/{key}", UpdatePerson).WithName(nameof(UpdatePerson))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    // ----- Agencies -----

    /// <summary>One agency, with its ETag.</summary>
    /// <param name="code">Agency code, e.g. <c>MPS</c>.</param>
    public static async Task<Results<Ok<AgencyDto>, ProblemHttpResult>> GetAgency(
        string code, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var agency = await connection.QuerySingleOrDefaultAsync<AgencyRow>(new CommandDefinition(
            RegistrySql.Agency, new { Code = code.ToUpperInvariant() }, cancellationToken: cancellationToken));
        if (agency is null)
        {
            return NoAgency(code);
        }

        Concurrency.SetETag(services.Http, agency.RowVersion);
        return TypedResults.Ok(agency.ToDto());
    }

    /// <summary>
    /// Adds an agency to the register, with its ministry unit (the root of its unit tree, with the agency's code). Only a
    /// registry admin; then give it its first admin (<c>POST /agencies/{code}/first-admin</c>). 409 when the code is taken.
    /// </summary>
    public static async Task<Results<Created<AgencyDto>, ValidationProblem, ProblemHttpResult>> CreateAgency(
        AgencyRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(request);
        if (await write.ReplayAsync<AgencyDto>(services.Http, idempotencyKey, requestHash, Visible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (await connection.ExecuteScalarAsync<int>(RegistrySql.AgencyCodeTaken, new { request.Code }, transaction) > 0)
        {
            return Taken("code", $"Another agency has the code '{request.Code}'.");
        }

        if (await connection.ExecuteScalarAsync<int>(RegistrySql.UnitCodeTaken, new { request.Code }, transaction) > 0)
        {
            return Taken("code", $"A unit has the code '{request.Code}', which the new agency's ministry unit would take.");
        }

        var active = request.Active ?? true;
        var id = await connection.ExecuteScalarAsync<int>(RegistrySql.InsertAgency(write.Dialect), new { request.Code, request.NameVi, request.NameEn, Active = active }, transaction);
        await connection.ExecuteAsync(RegistrySql.InsertUnit(write.Dialect), new
        {
            AgencyId = id, ParentId = (int?)null, Tier = UnitTiers.Ministry, request.Code, request.NameVi, request.NameEn, Active = active,
        }, transaction);
        var created = await connection.QuerySingleAsync<AgencyRow>(RegistrySql.Agency, new { request.Code }, transaction);
        var root = await connection.QuerySingleAsync<UnitWriteRow>(RegistrySql.Unit, new { request.Code }, transaction);
        await write.AuditAsync(new AuditEvent("agency.create", "agency", request.Code, After: created.ToDto()));
        await write.AuditAsync(new AuditEvent("unit.create", "unit", request.Code, After: root.ToDto()));
        var location = $"/api/v1/agencies/{request.Code}";
        Concurrency.SetETag(services.Http, created.RowVersion);
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created.ToDto(), Visible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created.ToDto());
    }

    /// <summary>Renames an agency or retires it (<c>active: false</c>). Only a registry admin; requires <c>If-Match</c>. The code never changes.</summary>
    /// <param name="code">Agency code.</param>
    public static async Task<Results<Ok<AgencyDto>, ValidationProblem, ProblemHttpResult>> UpdateAgency(
        string code, AgencyRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var before = await connection.QuerySingleOrDefaultAsync<AgencyRow>(RegistrySql.Agency, new { Code = code.ToUpperInvariant() }, transaction);
        if (before is null)
        {
            return NoAgency(code);
        }

        if (!string.Equals(request.Code, before.Code, StringComparison.Ordinal))
        {
            return Problems.Invalid("code", $"An agency's code never changes: send '{before.Code}'.");
        }

        if (!ifMatch.Matches(before.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (await connection.ExecuteAsync(RegistrySql.UpdateAgency, new
        {
            before.Id, before.RowVersion, request.NameVi, request.NameEn, Active = request.Active ?? before.Active,
        }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        var after = await connection.QuerySingleAsync<AgencyRow>(RegistrySql.Agency, new { before.Code }, transaction);
        if (NoChange.Between(before, after))
        {
            // A body that changes nothing writes nothing: the scope is left uncommitted.
            Concurrency.SetETag(services.Http, before.RowVersion);
            return TypedResults.Ok(before.ToDto());
        }

        await write.AuditAsync(new AuditEvent("agency.update", "agency", before.Code, before.ToDto(), after.ToDto()));
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, after.RowVersion);
        return TypedResults.Ok(after.ToDto());
    }

    /// <summary>
    /// Gives a new agency its first admin: an account with the roles <c>admin</c> and <c>coordinator</c> (an admin grants
    /// only roles within their own, so this pair can grant every role of the agency), which then manages the agency's
    /// own people, units and persons and acts for it in regulations. Only a registry admin, only while the agency has no active admin (409 otherwise: its
    /// admins manage its users), with a clearance not above the registry admin's own.
    /// </summary>
    /// <param name="code">Agency code.</param>
    public static async Task<Results<Created<FirstAdminDto>, ValidationProblem, ProblemHttpResult>> CreateFirstAdmin(
        string code, FirstAdminRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (ClearanceNames.Parse(request.Clearance) > caller.Clearance)
        {
            return Problems.Invalid("clearance", $"You cannot grant a clearance above your own ({caller.Clearance.ToName()}).");
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var agency = await connection.QuerySingleOrDefaultAsync<AgencyRow>(RegistrySql.Agency, new { Code = code.ToUpperInvariant() }, transaction);
        if (agency is null)
        {
            return NoAgency(code);
        }

        // The password is part of the request (another password with the same key is a 422), but only stretched: see HashOf.
        var requestHash = Idempotency.HashOf(new { Agency = agency.Code, Request = request with { Password = "" } }, request.Password);
        async Task<FirstAdminDto?> IfVisible(FirstAdminDto admin) => await connection.QuerySingleOrDefaultAsync<FirstAdminRow>(
            RegistrySql.FirstAdmin, CallerParameters.For(caller, new { Code = admin.AgencyCode }), transaction) is null ? null : admin;
        if (await write.ReplayAsync<FirstAdminDto>(services.Http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (!agency.Active)
        {
            return Problems.Conflict("The agency is retired.", $"{agency.Code} is not active; make it active before giving it an admin.");
        }

        if (await connection.ExecuteScalarAsync<int>(RegistrySql.ActiveAdmins, new { AgencyId = agency.Id }, transaction) > 0)
        {
            return Problems.Conflict("The agency has an admin.", $"{agency.Code} already has an active admin; its admins manage its users.");
        }

        UnitWriteRow? unit = null;
        if (request.UnitCode is not null)
        {
            unit = await connection.QuerySingleOrDefaultAsync<UnitWriteRow>(RegistrySql.Unit, new { Code = request.UnitCode.ToUpperInvariant() }, transaction);
            if (unit is null || unit.AgencyId != agency.Id || !unit.Active)
            {
                return Problems.Invalid("unitCode", $"'{request.UnitCode}' is not an active unit of {agency.Code}.");
            }
        }

        if (AdminReach.IsTaken(request.Username, await connection.QueryAsync<string>(AdminSql.NamesInUse, transaction: transaction)))
        {
            return Taken("username", $"'{request.Username}' is reserved, or is (or looks like) the name of a person or agency system. Choose another name.");
        }

        if (AdminReach.IsTaken(request.DisplayName, await connection.QueryAsync<string>(AdminSql.NamesInUseBesides, new { Id = 0 }, transaction)))
        {
            return Taken("displayName", $"'{request.DisplayName}' is reserved, or is (or looks like) the name of a person or agency system. Choose another name.");
        }

        var clearance = ClearanceNames.Parse(request.Clearance);
        await connection.ExecuteAsync(RegistrySql.InsertUser, new
        {
            request.Username, request.DisplayName, AgencyId = agency.Id, UnitId = unit?.Id, Roles = FirstAdminRoles, Clearance = (int)clearance,
            PasswordHash = AuthEndpoints.HashPassword(request.Username, request.Password), SecurityStamp = CurrentAuthority.NewStamp(), Now = write.Now,
        }, transaction);
        var userId = await connection.ExecuteScalarAsync<int>(RegistrySql.UserIdByName, new { request.Username }, transaction);
        await connection.ExecuteAsync(RegistrySql.SetFirstAdmin, new { UserId = userId, AgencyId = agency.Id }, transaction);
        var created = ToDto(await connection.QuerySingleAsync<FirstAdminRow>(RegistrySql.FirstAdmin, CallerParameters.For(caller, new { agency.Code }), transaction));
        await write.AuditAsync(new AuditEvent("user.create", "user", Id(userId), After: created, Classification: clearance));
        var location = $"/api/v1/agencies/{agency.Code}/first-admin";
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created, IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created);
    }

    /// <summary>The account a registry admin gave the agency as its first admin (404 when none, or when it is cleared above you).</summary>
    /// <param name="code">Agency code.</param>
    public static async Task<Results<Ok<FirstAdminDto>, ProblemHttpResult>> GetFirstAdmin(
        string code, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FirstAdminRow>(new CommandDefinition(
            RegistrySql.FirstAdmin, CallerParameters.For(caller, new { Code = code.ToUpperInvariant() }), cancellationToken: cancellationToken));
        return row is null ? Problems.NotFound($"{code} has no first admin given by a registry admin.") : TypedResults.Ok(ToDto(row));
    }

    // ----- Units -----

    /// <summary>One unit, with its ETag.</summary>
    /// <param name="code">Unit code, e.g. <c>MPS-VP</c>.</param>
    public static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> GetUnit(
        string code, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var unit = await connection.QuerySingleOrDefaultAsync<UnitWriteRow>(new CommandDefinition(
            RegistrySql.Unit, new { Code = code.ToUpperInvariant() }, cancellationToken: cancellationToken));
        if (unit is null)
        {
            return NoUnit(code);
        }

        Concurrency.SetETag(services.Http, unit.RowVersion);
        return TypedResults.Ok(unit.ToDto());
    }

    /// <summary>
    /// Adds a unit under an active unit of the same agency. An admin of that agency or a registry admin (403 for anyone
    /// else). 409 when the code is taken.
    /// </summary>
    public static async Task<Results<Created<UnitDto>, ValidationProblem, ProblemHttpResult>> CreateUnit(
        UnitRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var agency = await connection.QuerySingleOrDefaultAsync<AgencyRow>(RegistrySql.Agency, new { Code = request.AgencyCode.ToUpperInvariant() }, transaction);
        if (agency is null)
        {
            return Problems.Invalid("agencyCode", $"No agency has the code '{request.AgencyCode}'.");
        }

        if (OutOfReach(caller, agency) is { } forbidden)
        {
            return forbidden;
        }

        var requestHash = Idempotency.HashOf(request);
        if (await write.ReplayAsync<UnitDto>(services.Http, idempotencyKey, requestHash, Visible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (!agency.Active)
        {
            return Problems.Conflict("The agency is retired.", $"{agency.Code} is not active: it gets no new units.");
        }

        var (parent, invalid) = await ParentAsync(write, request, agency, unitId: null);
        if (invalid is not null)
        {
            return invalid;
        }

        if (await connection.ExecuteScalarAsync<int>(RegistrySql.UnitCodeTaken, new { request.Code }, transaction) > 0)
        {
            return Taken("code", $"Another unit has the code '{request.Code}'.");
        }

        await connection.ExecuteAsync(RegistrySql.InsertUnit(write.Dialect), new
        {
            AgencyId = agency.Id, ParentId = parent!.Id, request.Tier, request.Code, request.NameVi, request.NameEn, Active = request.Active ?? true,
        }, transaction);
        var created = await connection.QuerySingleAsync<UnitWriteRow>(RegistrySql.Unit, new { request.Code }, transaction);
        await write.AuditAsync(new AuditEvent("unit.create", "unit", created.Code, After: created.ToDto()));
        var location = $"/api/v1/units/{created.Code}";
        Concurrency.SetETag(services.Http, created.RowVersion);
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created.ToDto(), Visible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created.ToDto());
    }

    /// <summary>
    /// Renames, re-tiers, moves (under another unit of the same agency, never under itself) or retires a unit. An admin
    /// of its agency or a registry admin; requires <c>If-Match</c>. Its code and agency never change.
    /// </summary>
    /// <param name="code">Unit code.</param>
    public static async Task<Results<Ok<UnitDto>, ValidationProblem, ProblemHttpResult>> UpdateUnit(
        string code, UnitRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var before = await connection.QuerySingleOrDefaultAsync<UnitWriteRow>(RegistrySql.Unit, new { Code = code.ToUpperInvariant() }, transaction);
        if (before is null)
        {
            return NoUnit(code);
        }

        var agency = await connection.QuerySingleAsync<AgencyRow>(RegistrySql.Agency, new { Code = before.AgencyCode }, transaction);
        if (OutOfReach(caller, agency) is { } forbidden)
        {
            return forbidden;
        }

        var fixedFields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.Equals(request.Code, before.Code, StringComparison.Ordinal))
        {
            fixedFields["code"] = [$"A unit's code never changes: send '{before.Code}'."];
        }

        if (!string.Equals(request.AgencyCode, before.AgencyCode, StringComparison.OrdinalIgnoreCase))
        {
            fixedFields["agencyCode"] = [$"A unit's agency never changes: send '{before.AgencyCode}'."];
        }

        if (request.Id is { } id && id != before.Id)
        {
            fixedFields["id"] = [$"This unit's id is {before.Id}."];
        }

        if (fixedFields.Count > 0)
        {
            return Problems.Invalid(fixedFields);
        }

        int? parentId = null;
        if (before.ParentId is null)
        {
            if (request.ParentCode is not null)
            {
                return Problems.Invalid("parentCode", $"{before.Code} is the ministry unit of {before.AgencyCode}: it has no parent.");
            }
        }
        else
        {
            var (parent, invalid) = await ParentAsync(write, request, agency, before.Id);
            if (invalid is not null)
            {
                return invalid;
            }

            parentId = parent!.Id;
        }

        if (!ifMatch.Matches(before.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (await connection.ExecuteAsync(RegistrySql.UpdateUnit, new
        {
            before.Id, before.RowVersion, ParentId = parentId, request.Tier, request.NameVi, request.NameEn, Active = request.Active ?? before.Active,
        }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        var after = await connection.QuerySingleAsync<UnitWriteRow>(RegistrySql.Unit, new { before.Code }, transaction);
        if (NoChange.Between(before, after))
        {
            // A body that changes nothing writes nothing: the scope is left uncommitted.
            Concurrency.SetETag(services.Http, before.RowVersion);
            return TypedResults.Ok(before.ToDto());
        }

        await write.AuditAsync(new AuditEvent("unit.update", "unit", before.Code, before.ToDto(), after.ToDto()));
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, after.RowVersion);
        return TypedResults.Ok(after.ToDto());
    }

    /// <summary>The parent a unit request names: an active unit of the same agency, not the unit itself nor one under it.</summary>
    private static async Task<(UnitWriteRow? Parent, ValidationProblem? Invalid)> ParentAsync(WriteScope write, UnitRequest request, AgencyRow agency, int? unitId)
    {
        if (request.ParentCode is null)
        {
            return (null, Problems.Invalid("parentCode", $"Name the unit of {agency.Code} this one sits under; the ministry unit is made with the agency."));
        }

        var parent = await write.Connection.QuerySingleOrDefaultAsync<UnitWriteRow>(
            RegistrySql.Unit, new { Code = request.ParentCode.ToUpperInvariant() }, write.Transaction);
        if (parent is null || parent.AgencyId != agency.Id || !parent.Active)
        {
            return (null, Problems.Invalid("parentCode", $"'{request.ParentCode}' is not an active unit of {agency.Code}."));
        }

        if (unitId is { } self)
        {
            var parents = (await write.Connection.QueryAsync<UnitLink>(RegistrySql.UnitLinks, new { AgencyId = agency.Id }, write.Transaction))
                .ToDictionary(u => u.Id, u => u.ParentId);
            for (int? at = parent.Id; at is { } current; at = parents.GetValueOrDefault(current))
            {
                if (current == self)
                {
                    return (null, Problems.Invalid("parentCode", "A unit cannot sit under itself or under a unit below it."));
                }
            }
        }

        return (parent, null);
    }

    // ----- Persons -----

    /// <summary>
    /// Persons (signatories and others named in regulations), in order of creation, a page at a time. Their <c>key</c>
    /// is what regulation <c>signatories</c> take.
    /// </summary>
    public static async Task<Results<Ok<Page<PersonDto>>, ValidationProblem>> ListPersons(
        [AsParameters] ListPersonsQuery query, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        var agency = query.Agency is null ? null : services.Reference.Agency(query.Agency);
        if (query.Agency is not null && agency is null)
        {
            return Problems.Invalid("agency", "Not an agency code.");
        }

        var unit = query.Unit is null ? null : services.Reference.Unit(query.Unit);
        if (query.Unit is not null && unit is null)
        {
            return Problems.Invalid("unit", "Not a unit code.");
        }

        var words = TextFolding.Fold(query.Q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > RegistrySql.MaxWords)
        {
            return Problems.Invalid("q", $"Search with at most {RegistrySql.MaxWords} words.");
        }

        var key = services.Cursors.PositionOf(PersonsList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var parameters = new DynamicParameters(new
        {
            AfterId = key.Length == 0 ? 0 : Cursors.ParseId(key), AgencyId = agency?.Id, UnitId = unit?.Id, query.Active, Take = limit + 1,
        });
        for (var i = 0; i < RegistrySql.MaxWords; i++)
        {
            parameters.Add($"Word{i}", i < words.Length ? $"% {Escape(words[i])} %" : null, System.Data.DbType.String);
        }

        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PersonWriteRow>(new CommandDefinition(
            RegistrySql.PersonsPage(services.Db.Dialect), parameters, cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(PersonsList, rows, limit, r => Cursors.Position(r.Id));
        return TypedResults.Ok(new Page<PersonDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor));
    }

    /// <summary>One person by key, with its ETag.</summary>
    /// <param name="key">Person key, e.g. <c>to-lam</c>.</param>
    public static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetPerson(
        string key, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var person = await connection.QuerySingleOrDefaultAsync<PersonWriteRow>(new CommandDefinition(
            RegistrySql.Person, new { Key = key }, cancellationToken: cancellationToken));
        if (person is null)
        {
            return NoPerson(key);
        }

        Concurrency.SetETag(services.Http, person.RowVersion);
        return TypedResults.Ok(person.ToDto());
    }

    /// <summary>Adds a person of an active agency. An admin of that agency or a registry admin (403 for anyone else). 409 when the key is taken.</summary>
    public static async Task<Results<Created<PersonDto>, ValidationProblem, ProblemHttpResult>> CreatePerson(
        PersonRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var agency = await connection.QuerySingleOrDefaultAsync<AgencyRow>(RegistrySql.Agency, new { Code = request.AgencyCode.ToUpperInvariant() }, transaction);
        if (agency is null)
        {
            return Problems.Invalid("agencyCode", $"No agency has the code '{request.AgencyCode}'.");
        }

        if (OutOfReach(caller, agency) is { } forbidden)
        {
            return forbidden;
        }

        var requestHash = Idempotency.HashOf(request);
        if (await write.ReplayAsync<PersonDto>(services.Http, idempotencyKey, requestHash, Visible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (!agency.Active)
        {
            return Problems.Conflict("The agency is retired.", $"{agency.Code} is not active: it gets no new persons.");
        }

        var (unitId, invalid) = await PersonUnitAsync(write, request, agency, currentUnitCode: null);
        if (invalid is not null)
        {
            return invalid;
        }

        if (await connection.ExecuteScalarAsync<int>(RegistrySql.PersonKeyTaken, new { request.Key }, transaction) > 0)
        {
            return Taken("key", $"Another person has the key '{request.Key}'.");
        }

        await connection.ExecuteAsync(RegistrySql.InsertPerson(write.Dialect), PersonColumns(request, agency.Id, unitId, request.Active ?? true), transaction);
        var created = await connection.QuerySingleAsync<PersonWriteRow>(RegistrySql.Person, new { request.Key }, transaction);
        await write.AuditAsync(new AuditEvent("person.create", "person", created.PersonKey, After: created.ToDto()));
        var location = $"/api/v1/persons/{created.PersonKey}";
        Concurrency.SetETag(services.Http, created.RowVersion);
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created.ToDto(), Visible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created.ToDto());
    }

    /// <summary>
    /// Changes a person's name, rank or title, position or unit, or retires them (<c>active: false</c>: they stay where
    /// they signed but are named in no new regulation). An admin of their agency or a registry admin; requires
    /// <c>If-Match</c>. Key and agency never change.
    /// </summary>
    /// <param name="key">Person key.</param>
    public static async Task<Results<Ok<PersonDto>, ValidationProblem, ProblemHttpResult>> UpdatePerson(
        string key, PersonRequest request, Caller caller, [AsParameters] RegistryServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var before = await connection.QuerySingleOrDefaultAsync<PersonWriteRow>(RegistrySql.Person, new { Key = key }, transaction);
        if (before is null)
        {
            return NoPerson(key);
        }

        var agency = await connection.QuerySingleAsync<AgencyRow>(RegistrySql.Agency, new { Code = before.AgencyCode }, transaction);
        if (OutOfReach(caller, agency) is { } forbidden)
        {
            return forbidden;
        }

        var fixedFields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.Equals(request.Key, before.PersonKey, StringComparison.Ordinal))
        {
            fixedFields["key"] = [$"A person's key never changes: send '{before.PersonKey}'."];
        }

        if (!string.Equals(request.AgencyCode, before.AgencyCode, StringComparison.OrdinalIgnoreCase))
        {
            fixedFields["agencyCode"] = [$"A person's agency never changes: send '{before.AgencyCode}'."];
        }

        if (request.Id is { } id && id != before.Id)
        {
            fixedFields["id"] = [$"This person's id is {before.Id}."];
        }

        if (fixedFields.Count > 0)
        {
            return Problems.Invalid(fixedFields);
        }

        var (unitId, invalid) = await PersonUnitAsync(write, request, agency, before.UnitCode);
        if (invalid is not null)
        {
            return invalid;
        }

        if (!ifMatch.Matches(before.RowVersion))
        {
            return Concurrency.Stale();
        }

        var columns = new DynamicParameters(PersonColumns(request, agency.Id, unitId, request.Active ?? before.Active));
        columns.AddDynamicParams(new { before.Id, before.RowVersion });
        if (await connection.ExecuteAsync(RegistrySql.UpdatePerson, columns, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        var after = await connection.QuerySingleAsync<PersonWriteRow>(RegistrySql.Person, new { Key = before.PersonKey }, transaction);
        if (NoChange.Between(before, after))
        {
            // A body that changes nothing writes nothing: the scope is left uncommitted.
            Concurrency.SetETag(services.Http, before.RowVersion);
            return TypedResults.Ok(before.ToDto());
        }

        await write.AuditAsync(new AuditEvent("person.update", "person", before.PersonKey, before.ToDto(), after.ToDto()));
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, after.RowVersion);
        return TypedResults.Ok(after.ToDto());
    }

    /// <summary>The unit a person request names: a unit of the person's agency, active unless it is the one they already have.</summary>
    private static async Task<(int? UnitId, ValidationProblem? Invalid)> PersonUnitAsync(WriteScope write, PersonRequest request, AgencyRow agency, string? currentUnitCode)
    {
        if (request.UnitCode is null)
        {
            return (null, null);
        }

        var unit = await write.Connection.QuerySingleOrDefaultAsync<UnitWriteRow>(
            RegistrySql.Unit, new { Code = request.UnitCode.ToUpperInvariant() }, write.Transaction);
        return unit is null || unit.AgencyId != agency.Id || (!unit.Active && !string.Equals(unit.Code, currentUnitCode, StringComparison.Ordinal))
            ? (null, Problems.Invalid("unitCode", $"'{request.UnitCode}' is not an active unit of {agency.Code}."))
            : (unit.Id, null);
    }

    private static object PersonColumns(PersonRequest request, int agencyId, int? unitId, bool active) => new
    {
        request.Key, request.FullName, RankVi = request.RankVi ?? "", RankEn = request.RankEn ?? "", PositionVi = request.PositionVi ?? "",
        PositionEn = request.PositionEn ?? "", AgencyId = agencyId, UnitId = unitId, Active = active, NameFolded = TextFolding.Fold(request.FullName),
    };

    /// <summary>Fills the folded names of persons written without one (before migration 0016, or by the demo seed).</summary>
    internal static async Task FoldNamesAsync(WriteScopes writes)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var rows = (await write.Connection.QueryAsync<FoldRow>(RegistrySql.Unfolded, transaction: write.Transaction)).AsList();
        if (rows.Count == 0)
        {
            return;
        }

        await write.Connection.ExecuteAsync(RegistrySql.SetFolded, rows.Select(r => new { r.Id, NameFolded = TextFolding.Fold(r.FullName) }), write.Transaction);
        await write.CommitAsync();
    }

    // ----- Shared -----

    /// <summary>Units and persons: an admin of their agency, or a registry admin.</summary>
    private static ProblemHttpResult? OutOfReach(Caller caller, AgencyRow agency) =>
        caller.IsInRole(Roles.RegistryAdmin) || (caller.IsInRole(Roles.Admin) && caller.AgencyId == agency.Id)
            ? null
            : TypedResults.Problem(
                $"Only an admin of {agency.Code} or a registry admin manages its units and persons.",
                statusCode: StatusCodes.Status403Forbidden, title: "Another agency's units and persons are not yours to change.");

    /// <summary>Registry records are seen by everyone who may write them: a replay always answers.</summary>
    private static Task<T?> Visible<T>(T record)
        where T : class => Task.FromResult<T?>(record);

    private static ProblemHttpResult Taken(string field, string detail) =>
        Problems.Conflict("The code or name is taken.", detail, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    private static string Escape(string word) => word.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static FirstAdminDto ToDto(FirstAdminRow row) =>
        new(row.Id, row.Username, row.DisplayName, row.AgencyCode, row.UnitCode, ((Clearance)row.Clearance).ToName(), row.Active);

    private static ProblemHttpResult NoAgency(string code) => Problems.NotFound($"No agency has the code '{code}'.");

    private static ProblemHttpResult NoUnit(string code) => Problems.NotFound($"No unit has the code '{code}'.");

    private static ProblemHttpResult NoPerson(string key) => Problems.NotFound($"No person has the key '{key}'.");

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
