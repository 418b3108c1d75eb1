namespace Outreach.Core.Campaigns;

/// <summary>"Plan step <see cref="Step"/> of campaign <see cref="CampaignId"/>" (steps are numbered from 1).</summary>
public sealed record PlanStepMessage(string CampaignId, int Step);

/// <summary>"Send batch <see cref="Batch"/> of campaign <see cref="CampaignId"/>".</summary>
public sealed record BatchMessage(string CampaignId, int Batch);
