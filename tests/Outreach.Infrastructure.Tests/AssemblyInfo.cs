// `dotnet test --filter Category=Infrastructure`: Bicep build and lint, app settings against configuration keys.
[assembly: AssemblyTrait("Category", "Infrastructure")]
