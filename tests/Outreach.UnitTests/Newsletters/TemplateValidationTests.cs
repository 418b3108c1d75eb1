using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

public sealed class TemplateValidationTests
{
    private readonly NewsletterKit kit = new();

    [Theory]
    [InlineData("<p>a</p>\n<p>{% if issue.subject %}</p>\n<p>b</p>", 3)]
    [InlineData("<p>{{ issue.subject | }}</p>", 1)]
    [InlineData("line 1\nline 2\n{{ issue.subject \n", 3)]
    public void ASyntaxErrorIsReportedWithItsLineAndColumn(string source, int line)
    {
        var ok = kit.Liquid.TryParse(source, out _, out var error);

        Assert.False(ok);
        Assert.NotNull(error);
        Assert.Equal(line, error.Line);
        Assert.True(error.Column > 0);
        Assert.StartsWith($"Line {line}, column {error.Column}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDefaultTemplatesPassTheirOwnCheck()
    {
        var service = new TemplateService(null!, kit.Liquid, kit.Renderer, kit.Samples);

        foreach (var template in DefaultTemplates.All)
        {
            var result = await service.CheckAsync(template.Id, new TemplateDraft(template.Id, template.Name, template.Kind, template.Source));
            Assert.Equal(TemplateChange.Saved, result.Change);
        }
    }

    [Fact]
    public async Task ATemplateWithASyntaxErrorIsRefusedAtSaveWithLineAndColumn()
    {
        var service = new TemplateService(null!, kit.Liquid, kit.Renderer, kit.Samples);

        var result = await service.CheckAsync("broken", new TemplateDraft("broken", "Broken", "newsletter", "<h1>{{ issue.subject }}</h1>\n{% for s in issue.sections %}\n<p>{{ s.title }}</p>"));

        Assert.Equal(TemplateChange.Invalid, result.Change);
        Assert.Equal(3, result.SyntaxError!.Line);
    }

    [Theory]
    [InlineData("{% include 'secrets.txt' %}")]
    [InlineData("{% render '/etc/passwd' %}")]
    [InlineData("{% for i in (1..10000000) %}x{% endfor %}")]
    public async Task TemplatesCannotReadFilesNorRunForever(string source)
    {
        var service = new TemplateService(null!, kit.Liquid, kit.Renderer, kit.Samples);

        var result = await service.CheckAsync("sandbox", new TemplateDraft("sandbox", "Sandbox", "newsletter", source));

        Assert.Equal(TemplateChange.Invalid, result.Change);
        Assert.NotNull(result.SyntaxError);
    }

    [Fact]
    public async Task TemplatesSeeOnlyTheirViewNotDotNetMembers()
    {
        var html = await kit.Liquid.RenderAsync("[{{ issue.subject.length }}][{{ issue.get_type }}][{{ organisation.name }}]",
            Outreach.Core.Newsletters.TemplateModel.Variables(kit.Samples.Newsletter()));

        Assert.Equal("[][][Outreach]", html);
    }

    [Fact]
    public async Task FieldsAreCheckedBeforeTheSource()
    {
        var service = new TemplateService(null!, kit.Liquid, kit.Renderer, kit.Samples);

        var result = await service.CheckAsync("Bad Id!", new TemplateDraft(null, "", "letter", ""));

        Assert.Equal(TemplateChange.Invalid, result.Change);
        Assert.Contains("id", result.Errors!.Keys);
        Assert.Contains("name", result.Errors.Keys);
        Assert.Contains("kind", result.Errors.Keys);
        Assert.Contains("source", result.Errors.Keys);
    }
}
