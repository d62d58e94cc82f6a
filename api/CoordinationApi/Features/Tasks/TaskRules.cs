using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>A task's fields checked against the regulation and the reference data, ready to write.</summary>
internal sealed record ResolvedTask(
    UnitRef LeadUnit, List<UnitRef> Counterparts, List<(int VersionId, string AknId)> Citations, List<(ContactInput Contact, int? UnitId)> Contacts,
    int Classification);

/// <summary>The rules that need the database: same-level coordination, citations, clearance.</summary>
internal static class TaskRules
{
    /// <summary>
    /// Lowering a task's classification is an act of a coordinator of the agency of its lead unit (the agency that owns
    /// the classified work), open only to one cleared for the level it had (the task is not even found for others;
    /// checked here too so the rule does not hang on how the task was read).
    /// </summary>
    public static bool MayDeclassify(Caller caller, int originalClassification, int leadAgencyId) =>
        caller.IsInRole(Roles.Coordinator) && caller.AgencyId == leadAgencyId && (int)caller.Clearance >= originalClassification;

    /// <summary>
    /// Why an edit by a caller who may edit the task is refused, or null: changing its classification (up or down) and
    /// moving its lead unit to another agency are acts of the lead unit's agency only (its coordinators, and its lead
    /// unit's officers for raising); lowering is <see cref="MayDeclassify"/>'s. The other party's coordinator, who may
    /// edit the task's other fields, can thus neither declassify it in two steps nor raise it out of the lead agency's reach.
    /// </summary>
    public static string? RefuseReclassification(Caller caller, int classification, int leadAgencyId, int newClassification, int newLeadAgencyId)
    {
        if (newClassification < classification && !MayDeclassify(caller, classification, leadAgencyId))
        {
            return $"Only a coordinator of the lead unit's agency cleared for {((Clearance)classification).ToName()} lowers this task's classification.";
        }

        return (newClassification != classification || newLeadAgencyId != leadAgencyId) && caller.AgencyId != leadAgencyId
            ? "Only the lead unit's agency changes this task's classification or hands it to another agency."
            : null;
    }

    /// <summary>
    /// The fields checked against the regulation (parties, citations in force) and the reference data, within a write. A
    /// retired unit is refused unless the task already names it in that role (<paramref name="current"/>, for an update: a
    /// task read and PUT back unchanged is accepted though a unit it names was retired since).
    /// </summary>
    public static async Task<(ResolvedTask? Task, Dictionary<string, string[]> Errors)> ResolveAsync(
        WriteScope write, Caller caller, ReferenceData reference, int regulationId, TaskFields fields, TaskDto? current = null)
    {
        var retired = await RetiredReferences.ReadAsync(write);
        bool Refused(UnitRef? unit, IEnumerable<string?> kept) =>
            unit is not null && retired.UnitIds.Contains(unit.Id) && !kept.Contains(unit.Code, StringComparer.OrdinalIgnoreCase);

        var (connection, transaction) = write;
        var errors = new Dictionary<string, string[]>();
        using var context = await connection.QueryMultipleAsync(TasksSql.RegulationContext(write.Dialect),
            CallerParameters.For(caller, new { RegulationId = regulationId, write.Today }), transaction);
        var parties = (await context.ReadAsync<int>()).ToHashSet();
        var inForce = await context.ReadSingleOrDefaultAsync<int?>();
        if (parties.Count == 0)
        {
            errors["regulationId"] = [$"No regulation with the id {regulationId} is open to your agency."];
            return (null, errors);
        }

        var lead = reference.Unit(fields.LeadUnitCode);
        if (lead is null || !parties.Contains(lead.AgencyId))
        {
            errors["leadUnitCode"] = [$"'{fields.LeadUnitCode}' is not a unit of a party to this regulation."];
        }
        else if (Refused(lead, [current?.LeadUnitCode]))
        {
            errors["leadUnitCode"] = [RetiredReferences.Message(lead.Code)];
        }

        var counterparts = new List<UnitRef>();
        var codes = fields.CounterpartUnitCodes ?? [];
        for (var i = 0; i < codes.Count; i++)
        {
            var unit = reference.Unit(codes[i]);
            string? problem = unit switch
            {
                null => $"'{codes[i]}' is not a unit.",
                _ when !parties.Contains(unit.AgencyId) => $"'{codes[i]}' is not a unit of a party to this regulation.",
                _ when lead is not null && unit.AgencyId == lead.AgencyId =>
                    $"'{codes[i]}' belongs to the lead unit's own agency: counterparts come from the other parties.",
                _ when lead is not null && unit.Tier != lead.Tier =>
                    $"'{codes[i]}' is a {unit.Tier} unit but the lead is a {lead.Tier} unit: same-level coordination pairs units of one tier.",
                _ when Refused(unit, current?.CounterpartUnits.Select(c => c.Code) ?? []) => RetiredReferences.Message(unit.Code),
                _ => null,
            };
            if (problem is null)
            {
                counterparts.Add(unit!);
            }
            else
            {
                errors[$"counterpartUnitCodes[{i}]"] = [problem];
            }
        }

        var citations = fields.Citations.Select(c => (VersionId: c.VersionId ?? inForce ?? 0, c.AknId)).ToList();
        var versionIds = citations.Select(c => c.VersionId).Distinct().ToArray();
        var existing = (await connection.QueryAsync<ProvisionKey>(TasksSql.ExistingProvisions(write.Dialect),
                new { RegulationId = regulationId, VersionIds = SqlDialect.JsonList(versionIds) }, transaction))
            .Select(p => (p.VersionId, p.AknId)).ToHashSet();
        for (var i = 0; i < citations.Count; i++)
        {
            if (!existing.Contains(citations[i]))
            {
                errors[$"citations[{i}].aknId"] = [$"'{citations[i].AknId}' is not an article, clause or point of the cited version of this regulation."];
            }
        }

        var classification = ClearanceNames.Parse(fields.Classification);
        if (classification > caller.Clearance)
        {
            errors["classification"] = [$"You cannot classify a task above your own clearance ({caller.Clearance.ToName()})."];
        }

        var contacts = new List<(ContactInput, int?)>();
        var contactInputs = fields.Contacts ?? [];
        for (var i = 0; i < contactInputs.Count; i++)
        {
            var unit = contactInputs[i].UnitCode is { } code ? reference.Unit(code) : null;
            if (contactInputs[i].UnitCode is not null && unit is null)
            {
                errors[$"contacts[{i}].unitCode"] = [$"'{contactInputs[i].UnitCode}' is not a unit."];
            }
            else if (Refused(unit, current?.Contacts.Select(c => c.UnitCode) ?? []))
            {
                errors[$"contacts[{i}].unitCode"] = [RetiredReferences.Message(unit!.Code)];
            }

            contacts.Add((contactInputs[i], unit?.Id));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ResolvedTask(lead!, counterparts, [.. citations.Distinct()], contacts, (int)classification), errors);
    }
}
