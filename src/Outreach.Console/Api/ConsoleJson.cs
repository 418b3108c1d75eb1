using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outreach.Console.Api;

/// <summary>
/// The admin API's answers the console reads, with their JSON code generated at build time: no reflection over them when
/// the first screens open (slow in the browser's interpreter). Request bodies written as anonymous objects still go
/// through reflection (see <see cref="AdminApi.Json"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<AudienceSummary>))]
[JsonSerializable(typeof(List<CampaignSummary>))]
[JsonSerializable(typeof(CampaignStatus))]
[JsonSerializable(typeof(List<IssueSummary>))]
[JsonSerializable(typeof(IssueDetail))]
[JsonSerializable(typeof(List<TemplateSummary>))]
[JsonSerializable(typeof(PersonRecord))]
[JsonSerializable(typeof(SubscriberPage))]
[JsonSerializable(typeof(ImportReport))]
[JsonSerializable(typeof(Created))]
[JsonSerializable(typeof(Scheduled))]
[JsonSerializable(typeof(TestSent))]
[JsonSerializable(typeof(AudienceBody))]
[JsonSerializable(typeof(IssueContent))]
[JsonSerializable(typeof(SessionSummary))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(SeriesList))]
[JsonSerializable(typeof(SeriesPlanView))]
[JsonSerializable(typeof(RegistrantPage))]
[JsonSerializable(typeof(List<MailTemplateView>))]
[JsonSerializable(typeof(MailTemplateView))]
[JsonSerializable(typeof(List<DigestView>))]
[JsonSerializable(typeof(DigestView))]
[JsonSerializable(typeof(ArticleView))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(List<ApiKeyView>))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(CalendarPage))]
[JsonSerializable(typeof(ReplaySent))]
[JsonSerializable(typeof(List<FeedView>))]
[JsonSerializable(typeof(List<LayoutTemplateView>))]
[JsonSerializable(typeof(LayoutTemplateView))]
[JsonSerializable(typeof(CampaignReportView))]
[JsonSerializable(typeof(ComparedCampaigns))]
[JsonSerializable(typeof(WebinarReportView))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
