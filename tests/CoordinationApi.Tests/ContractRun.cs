using CoordinationApi.Tests.Infrastructure.Contract;

namespace CoordinationApi.Tests;

/// <summary>Around the whole run: writes what the contract validator saw to artifacts/contract-violations.json.</summary>
[SetUpFixture]
public sealed class ContractRun
{
    [OneTimeTearDown]
    public void WriteContractReport()
    {
        var file = ContractLedger.WriteArtifact();
        TestContext.Progress.WriteLine($"Contract: {ContractLedger.Responses} responses validated against api/openapi/v1.json, "
            + $"{ContractLedger.All.Count} violation(s); {file}");
    }
}
