// Flex Consumption plan (FC1, Linux): scales to zero, per-function scaling, billed on execution.

@description('Name of the plan.')
param name string

@description('Azure region (one that offers Flex Consumption).')
param location string

param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

output id string = plan.id
output name string = plan.name
