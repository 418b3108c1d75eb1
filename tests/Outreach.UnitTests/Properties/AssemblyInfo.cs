// The fast loop: `dotnet test --filter Category=Unit` (no Azurite, no browser, no network).
[assembly: AssemblyTrait("Category", "Unit")]
