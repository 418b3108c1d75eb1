#!/bin/sh
# azd preprovision hook: make sure the first provisioning of an environment writes a token-signing key.
#
# infra/main.bicep writes the Key Vault secret `tokens-signing-key` only when the parameter
# tokenSigningKey (azd env TOKENS_SIGNING_KEY) is not empty, and leaves the vault's secret alone
# otherwise. Before the first provisioning there is no vault yet (AZURE_KEY_VAULT_NAME is empty),
# so a key is generated here and kept in the azd environment. After that, nothing is generated:
# a new key would invalidate every confirmation, unsubscribe and preference link already mailed.
set -eu

if [ -n "${TOKENS_SIGNING_KEY:-}" ]; then
  exit 0
fi

if [ -n "${AZURE_KEY_VAULT_NAME:-}" ]; then
  echo "Key Vault ${AZURE_KEY_VAULT_NAME} exists: its tokens-signing-key secret is kept as it is."
  exit 0
fi

key=$(openssl rand -base64 48 | tr -d '\n')
azd env set TOKENS_SIGNING_KEY "$key"
echo "Generated TOKENS_SIGNING_KEY (64 characters) for this environment; it is written to Key Vault on provisioning."
