using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

/// <summary>A saved template cannot take the worker's memory: each of these would build gigabytes without the limits.</summary>
public sealed class TemplateLimitsTests
{
    private const string TenChars = "{% assign s = 'xxxxxxxxxx' %}";
    private readonly NewsletterKit kit = new();

    public static TheoryData<string, string> Exhausting => new()
    {
        { TenChars + "{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "characters" },
        { TenChars + "{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s }}", "characters" },
        { TenChars + "{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{{ s | append: s | append: s }}", "characters" },
        { TenChars + "{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{% for i in (1..10) %}{{ s }}{% endfor %}", "prints more than" },
        { TenChars + "{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{% capture t %}{% for i in (1..10) %}{{ s }}{% endfor %}{% endcapture %}", "prints more than" },
        { "{% assign a = 'a,b' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a.size }}", "items" },
        { "{% for i in (1..2000000000) %}{% endfor %}", "range" },
    };

    [Theory]
    [MemberData(nameof(Exhausting))]
    public async Task A_template_that_builds_huge_text_or_lists_is_refused_at_save_with_the_reason(string source, string reason)
    {
        var service = new TemplateService(null!, kit.Liquid, kit.Renderer, kit.Samples);

        var result = await service.CheckAsync("greedy", new TemplateDraft("greedy", "Greedy", "newsletter", source));

        Assert.Equal(TemplateChange.Invalid, result.Change);
        Assert.Contains(reason, result.SyntaxError!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Exhausting))]
    public async Task Rendering_a_template_past_the_limits_fails_with_a_template_error_not_the_process(string source, string _)
    {
        await Assert.ThrowsAsync<TemplateRenderException>(() => kit.Liquid.RenderAsync(source, new Dictionary<string, object?>()));
    }

    [Fact]
    public async Task Text_and_lists_inside_the_limits_render_as_Liquid_says()
    {
        var output = await kit.Liquid.RenderAsync(
            TenChars + "{% for i in (1..3) %}{% assign s = s | append: s %}{% endfor %}{% capture c %}[{{ s.size }}]{% endcapture %}{{ c }}{% for i in (1..3) %}{{ i }}{% endfor %}",
            new Dictionary<string, object?>());

        Assert.Equal("[80]123", output);
    }
}
