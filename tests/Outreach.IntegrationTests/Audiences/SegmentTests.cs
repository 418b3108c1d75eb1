using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Campaigns;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>Segments: a saved filter over one audience, its count, and a campaign that reaches exactly its people for no extra read.</summary>
public class SegmentTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    private const string Hebdo = "hebdo-associations";

    [Fact]
    public async Task A_campaign_to_associations_tagged_partenaire_2026_reaches_exactly_them_for_the_reads_of_the_whole_audience()
    {
        var admin = host.CreateAdminClient();
        var expected = await SeedHebdoAsync(2_500);
        var segment = await admin.PostAsJsonAsync("/api/admin/segments", new
        {
            name = "Associations partenaires 2026", audience = Hebdo, where = new { structureType = new[] { "Association" }, tags = new[] { "Partenaire 2026" } },
        });
        Assert.Equal(HttpStatusCode.Created, segment.StatusCode);
        var segmentId = (await segment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(expected.Count, (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/segments/{segmentId}/count")).GetProperty("count").GetInt32());

        var whole = await PlannerOperationsAsync(new { subject = "Toute l'hebdo", html = "<p>Bonjour</p>", audiences = new[] { Hebdo } });
        var part = await PlannerOperationsAsync(new { subject = "Partenaires 2026", html = "<p>Bonjour</p>", segment = segmentId });
        await host.DrainQueuesAsync();

        var reached = (await host.ReadOutboxAsync(drainQueuesFirst: false)).Where(m => m.Subject == "Partenaires 2026").Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(expected.Order(), reached.Order());
        Assert.Equal(2_250, (await host.ReadOutboxAsync(drainQueuesFirst: false)).Count(m => m.Subject == "Toute l'hebdo"));
        Assert.True(whole.GetValueOrDefault("table query") >= 3, $"the whole audience is read in pages: {string.Join(", ", whole)}");
        Assert.Equal(whole.GetValueOrDefault("table query"), part.GetValueOrDefault("table query"));
        Assert.True(part.GetValueOrDefault("table read") <= whole.GetValueOrDefault("table read"), $"segment {string.Join(", ", part)}; whole {string.Join(", ", whole)}");
    }

    [Theory]
    [InlineData("""{"name":"x","audience":"no-such-audience"}""", "audience")]
    [InlineData("""{"name":"","audience":"newsletter"}""", "name")]
    [InlineData("""{"name":"x","audience":"newsletter","where":{"structureType":["ministère"]}}""", "where.structureType")]
    [InlineData("""{"name":"x","audience":"newsletter","where":{"tags":["<script>"]}}""", "where.tags")]
    [InlineData("""{"name":"x","audience":"newsletter","where":{"fields":{"nope":"1"}}}""", "where.fields")]
    [InlineData("""{"name":"x","audience":"newsletter","where":{"engagement":{"opened":3}}}""", "where.engagement")]
    public async Task A_segment_that_cannot_be_kept_is_refused_field_by_field(string body, string field)
    {
        var response = await host.CreateAdminClient().PostAsync("/api/admin/segments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_campaign_names_an_existing_segment_with_its_own_audience_only()
    {
        var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/segments", new { name = "Fondations", audience = Hebdo, where = new { structureType = new[] { "fondation" } } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var unknown = await admin.PostAsJsonAsync("/api/admin/campaigns", new { subject = "s", html = "<p>x</p>", segment = "0123456789abcdef0123456789abcdef", sendAt = "2030-01-01T09:00" });
        var otherAudience = await admin.PostAsJsonAsync("/api/admin/campaigns", new { subject = "s", html = "<p>x</p>", segment = id, audiences = new[] { "newsletter" }, sendAt = "2030-01-01T09:00" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unknown.StatusCode, otherAudience.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/segments/..%2Fx/count")).StatusCode);
    }

    /// <summary>Creates the campaign (it leaves now), runs its planner alone, and returns the storage operations the planner made.</summary>
    private async Task<Dictionary<string, long>> PlannerOperationsAsync(object campaign)
    {
        await host.CreateCampaignAsync(campaign);
        var operations = host.Services.GetRequiredService<StorageOperations>();
        var before = operations.Snapshot();
        await host.PlanOnlyAsync();
        return operations.Snapshot().ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
    }

    /// <summary>
    /// <paramref name="count"/> people in the hebdo, every tenth pending; types and tags spread so that every filter
    /// condition matters. Returns the confirmed associations tagged partenaire-2026.
    /// </summary>
    private async Task<List<string>> SeedHebdoAsync(int count)
    {
        var store = host.Services.GetRequiredService<MembershipStore>();
        var members = new List<Member>();
        var expected = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"seg{i}@example.org";
            var confirmed = i % 10 != 0;
            var type = i % 3 == 0 ? StructureTypes.Fondation : StructureTypes.Association;
            IReadOnlyList<string> tags = i % 4 == 0 ? ["intervenant", "partenaire-2026"] : i % 4 == 1 ? ["partenaire-2025"] : [];
            if (confirmed && type == StructureTypes.Association && tags.Contains("partenaire-2026")) expected.Add(email);
            members.Add(new Member
            {
                AudienceId = Hebdo, ContactKey = EmailAddress.KeyOf(email), Email = email, FirstName = "P" + i,
                Status = confirmed ? MemberStatus.Confirmed : MemberStatus.Pending, SubscribedAt = DateTimeOffset.UtcNow, Source = "test",
                Details = new ContactDetails { StructureType = type, Tags = tags },
            });
        }

        await store.SaveMembersBatchAsync(members);
        return expected;
    }
}
