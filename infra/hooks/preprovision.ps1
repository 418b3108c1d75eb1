# azd preprovision hook (Windows): see preprovision.sh for why.
$ErrorActionPreference = 'Stop'

if ($env:TOKENS_SIGNING_KEY) { exit 0 }

if ($env:AZURE_KEY_VAULT_NAME) {
    Write-Host "Key Vault $($env:AZURE_KEY_VAULT_NAME) exists: its tokens-signing-key secret is kept as it is."
    exit 0
}

$key = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48))
azd env set TOKENS_SIGNING_KEY $key
Write-Host 'Generated TOKENS_SIGNING_KEY (64 characters) for this environment; it is written to Key Vault on provisioning.'
