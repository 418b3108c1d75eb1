#!/bin/sh
# azd preprovision hook: make sure the first provisioning of an environment writes its two generated secrets.
#
# infra/main.bicep writes the Key Vault secrets `tokens-signing-key` and `privacy-suppression-pepper` only when the
# parameters tokenSigningKey (azd env TOKENS_SIGNING_KEY) and suppressionPepper (PRIVACY_SUPPRESSION_PEPPER) are not
# empty, and leaves the vault's secrets alone otherwise. Before the first provisioning there is no vault yet
# (AZURE_KEY_VAULT_NAME is empty), so each is generated here and kept in the azd environment. After that, nothing is
# generated: a new signing key would invalidate every link already mailed, and a new pepper would forget every erased
# address's suppression. An environment provisioned before the pepper existed sets it once (docs/deployment.md).
set -eu

generate() { # name, what
  if [ -n "$(printenv "$1" || true)" ]; then
    return 0
  fi
  if [ -n "${AZURE_KEY_VAULT_NAME:-}" ]; then
    echo "Key Vault ${AZURE_KEY_VAULT_NAME} exists: its $2 secret is kept as it is (set $1 once if the vault has none)."
    return 0
  fi
  azd env set "$1" "$(openssl rand -base64 48 | tr -d '\n')"
  echo "Generated $1 (64 characters) for this environment; it is written to Key Vault on provisioning."
}

generate TOKENS_SIGNING_KEY tokens-signing-key
generate PRIVACY_SUPPRESSION_PEPPER privacy-suppression-pepper
