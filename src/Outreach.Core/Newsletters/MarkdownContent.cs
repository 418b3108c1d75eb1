using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Outreach.Core.Newsletters;

/// <summary>Markdown rendered twice from one parse: safe HTML for the mail and plain text for its text part.</summary>
public sealed record RenderedMarkdown(SafeHtml Html, string Text);

/// <summary>
/// The authors' Markdown, made safe for mail: raw HTML is shown as text (never interpreted), every link and image
/// is made absolute against the organisation's website, and links with another scheme than http(s) or mailto
/// (javascript:, data:…) are reduced to their text.
/// </summary>
public sealed class MarkdownContent(Uri website)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    public RenderedMarkdown Render(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        MakeLinksSafe(document);
        return new RenderedMarkdown(new SafeHtml(ToHtml(document)), PlainText.Of(document));
    }

    /// <summary>An absolute http(s) or mailto URL for <paramref name="url"/>, or null when it cannot be one.</summary>
    public string? Absolute(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        // On Unix "/path" parses as an absolute file: URI; a leading slash always means a path on the website here.
        if (!trimmed.StartsWith('/') && Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute))
            return absolute.Scheme is "http" or "https" or "mailto" ? absolute.AbsoluteUri : null;
        if (trimmed.StartsWith("//", StringComparison.Ordinal)) return null;
        return Uri.TryCreate(website, trimmed, out var resolved) && resolved.Scheme is "http" or "https" ? resolved.AbsoluteUri : null;
    }

    private void MakeLinksSafe(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            var safe = Absolute(link.Url);
            if (safe is not null) link.Url = safe;
            else link.ReplaceBy(new LiteralInline(PlainText.InlineText(link)), copyChildren: false);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var safe = autolink.IsEmail ? "mailto:" + autolink.Url : Absolute(autolink.Url);
            if (safe is null) autolink.ReplaceBy(new LiteralInline(autolink.Url), copyChildren: false);
        }
    }

    private static string ToHtml(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString().Trim();
    }

    /// <summary>Plain text of a Markdown document: paragraphs, "- " list items, links as "text (url)".</summary>
    private static class PlainText
    {
        public static string Of(MarkdownDocument document)
        {
            var text = new StringBuilder();
            foreach (var block in document) AppendBlock(text, block, "");
            return text.ToString().Trim();
        }

        public static string InlineText(ContainerInline container)
        {
            var text = new StringBuilder();
            AppendInlines(text, container, withUrls: false);
            return text.ToString();
        }

        private static void AppendBlock(StringBuilder text, Block block, string indent)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    text.Append(indent).Append(Inlines(heading.Inline)).Append("\n\n");
                    break;
                case ParagraphBlock paragraph:
                    text.Append(indent).Append(Inlines(paragraph.Inline).Replace("\n", "\n" + indent)).Append("\n\n");
                    break;
                case ListBlock list:
                    var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var marker = list.IsOrdered ? $"{number++}. " : "- ";
                        var inner = new StringBuilder();
                        foreach (var child in item) AppendBlock(inner, child, "");
                        text.Append(indent).Append(marker).Append(inner.ToString().Trim().Replace("\n", "\n" + indent + "  ")).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case QuoteBlock quote:
                    foreach (var child in quote) AppendBlock(text, child, indent + "> ");
                    break;
                case ThematicBreakBlock:
                    text.Append(indent).Append("----\n\n");
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    text.Append(indent).Append(leaf.Lines.ToString()).Append("\n\n");
                    break;
                case ContainerBlock container:
                    foreach (var child in container) AppendBlock(text, child, indent);
                    break;
            }
        }

        private static string Inlines(ContainerInline? container)
        {
            if (container is null) return "";
            var text = new StringBuilder();
            AppendInlines(text, container, withUrls: true);
            return text.ToString();
        }

        private static void AppendInlines(StringBuilder text, ContainerInline container, bool withUrls)
        {
            foreach (var inline in container)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        text.Append(literal.Content.ToString());
                        break;
                    case CodeInline code:
                        text.Append(code.Content);
                        break;
                    case LineBreakInline:
                        text.Append('\n');
                        break;
                    case AutolinkInline autolink:
                        text.Append(autolink.Url);
                        break;
                    case LinkInline { IsImage: true } image:
                        text.Append(InlineText(image));
                        break;
                    case LinkInline link:
                        var label = InlineText(link);
                        text.Append(label);
                        if (withUrls && !string.IsNullOrEmpty(link.Url) && label != link.Url) text.Append(" (").Append(link.Url).Append(')');
                        break;
                    case ContainerInline inner:
                        AppendInlines(text, inner, withUrls);
                        break;
                    case HtmlEntityInline entity:
                        text.Append(entity.Transcoded.ToString());
                        break;
                }
            }
        }
    }
}
