# azd preprovision hook (Windows): see preprovision.sh for why.
$ErrorActionPreference = 'Stop'

function Generate([string] $name, [string] $secret) {
    if ([Environment]::GetEnvironmentVariable($name)) { return }
    if ($env:AZURE_KEY_VAULT_NAME) {
        Write-Host "Key Vault $($env:AZURE_KEY_VAULT_NAME) exists: its $secret secret is kept as it is (set $name once if the vault has none)."
        return
    }
    $key = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48))
    azd env set $name $key
    Write-Host "Generated $name (64 characters) for this environment; it is written to Key Vault on provisioning."
}

Generate 'TOKENS_SIGNING_KEY' 'tokens-signing-key'
Generate 'PRIVACY_SUPPRESSION_PEPPER' 'privacy-suppression-pepper'
