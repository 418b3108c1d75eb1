using System.Text;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Audiences.Profiles;

namespace Outreach.UnitTests.Audiences;

public class ImportParserTests
{
    private const string FrenchExcel = "Adresse e-mail;Prénom;Nom;Organisation;Type de structure\r\n"
                                       + "elodie@example.org;Élodie;Dupré;Les Amis du Quartier;Association\r\n"
                                       + "francois@example.org;François;Lefèvre;Société Générale;Entreprise\r\n";

    static ImportParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParsedImport Parse(byte[] file, IReadOnlyDictionary<string, string?>? mapping = null, CustomFieldSet? fields = null)
    {
        var (parsed, errors) = ImportParser.Parse(file, mapping, fields);
        Assert.True(errors.IsValid, string.Join("; ", errors.SelectMany(e => e.Value)));
        return parsed!;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    public void A_file_saved_by_Excel_in_French_keeps_its_accents(string encoding)
    {
        var bytes = encoding switch
        {
            "windows-1252" => Encoding.GetEncoding(1252).GetBytes(FrenchExcel),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Utf8(FrenchExcel)],
            _ => Utf8(FrenchExcel),
        };

        var parsed = Parse(bytes);

        Assert.Equal(encoding, parsed.Format.Encoding);
        Assert.Equal(';', parsed.Format.Delimiter);
        Assert.Equal("Adresse e-mail", parsed.Mapping[ImportField.Email]);
        Assert.Equal("Type de structure", parsed.Mapping[ImportField.StructureType]);
        var elodie = parsed.Contacts[0];
        Assert.Equal(("elodie@example.org", "Élodie"), (elodie.Email.Value, elodie.FirstName));
        Assert.Equal(("Dupré", "Les Amis du Quartier", StructureTypes.Association), (elodie.Details.LastName, elodie.Details.Organisation, elodie.Details.StructureType));
        Assert.Equal(("François", "Lefèvre", "Société Générale", StructureTypes.Entreprise),
            (parsed.Contacts[1].FirstName, parsed.Contacts[1].Details.LastName, parsed.Contacts[1].Details.Organisation, parsed.Contacts[1].Details.StructureType));
    }

    [Fact]
    public void A_Mailchimp_export_imports_with_its_tags()
    {
        var parsed = Parse(Utf8("Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,TAGS\n"
                                + "ana@example.org,Ana,Lima,,,2,2025-01-02 10:00:00,\"\"\"Partenaire 2026\"\",\"\"intervenant\"\"\"\n"));

        var ana = Assert.Single(parsed.Contacts);
        Assert.Equal(("Ana", "Lima"), (ana.FirstName, ana.Details.LastName));
        Assert.Equal(["intervenant", "partenaire-2026"], ana.Details.Tags);
    }

    [Theory]
    [InlineData("email\tprénom\nx@example.org\tXavier\n", '\t')]
    [InlineData("E-mail,Prenom\nx@example.org,Xavier\n", ',')]
    [InlineData("sep=;\nCourriel;First name\nx@example.org;Xavier\n", ';')]
    public void Delimiters_and_header_spellings_are_recognised(string text, char delimiter)
    {
        var parsed = Parse(Utf8(text));
        Assert.Equal(delimiter, parsed.Format.Delimiter);
        Assert.Equal("Xavier", Assert.Single(parsed.Contacts).FirstName);
    }

    [Fact]
    public void An_unterminated_quote_makes_its_line_invalid_and_the_others_import()
    {
        var parsed = Parse(Utf8("email;prénom\na@example.org;\"Anne\nb@example.org;Bruno\nc@example.org;Jean \"Jo\" Dupont\nd@example.org;\"Dé\n"));

        Assert.Equal(["b@example.org", "c@example.org"], parsed.Contacts.Select(c => c.Email.Value));
        Assert.Equal("Jean \"Jo\" Dupont", parsed.Contacts[1].FirstName);
        Assert.Equal([2, 5], parsed.Rejected.Select(r => r.Line));
        Assert.All(parsed.Rejected, r => Assert.Equal("invalid", r.Outcome));
        Assert.Contains("unterminated quote", parsed.Rejected[0].Reason);
    }

    [Fact]
    public void Bad_values_are_reported_line_by_line()
    {
        var parsed = Parse(Utf8("email,type de structure,tags,langue\n"
                                + "not-an-address,,,\nx@example.org,Coopérative,,\ny@example.org,,<b>,\nz@example.org,,,klingon\n"
                                + "ok@example.org,collectivité,a;b,English\nOK@example.org,,,\nw@example.org,,,,extra\n"));

        Assert.Equal(
            [(2, "invalid"), (3, "invalid"), (4, "invalid"), (5, "invalid"), (7, "skipped"), (8, "invalid")],
            parsed.Rejected.Select(r => (r.Line, r.Outcome)));
        var ok = Assert.Single(parsed.Contacts);
        Assert.Equal((StructureTypes.Collectivite, "en"), (ok.Details.StructureType, ok.Language));
        Assert.Equal(["a", "b"], ok.Details.Tags);
    }

    [Fact]
    public void An_explicit_mapping_overrides_the_guess()
    {
        var parsed = Parse(Utf8("Contact,Qui,Nom\nx@example.org,Xavier,Structure X\n"),
            new Dictionary<string, string?> { ["email"] = "Contact", ["firstName"] = "Qui", ["lastName"] = "", ["organisation"] = "Nom" });

        var x = Assert.Single(parsed.Contacts);
        Assert.Equal(("Xavier", null, "Structure X"), (x.FirstName, x.Details.LastName, x.Details.Organisation));
    }

    [Fact]
    public void Custom_fields_are_read_by_their_label_and_checked()
    {
        var fields = new CustomFieldSet([
            new CustomField { Id = "region", Label = "Région", Type = CustomFieldType.Choice, Options = [new("idf", "Île-de-France"), new("bzh", "Bretagne")] },
            new CustomField { Id = "adherent", Label = "Adhérent", LabelEn = "Member", Type = CustomFieldType.YesNo },
            new CustomField { Id = "depuis", Label = "Adhérent depuis", Type = CustomFieldType.Date },
        ]);

        var parsed = Parse(Utf8("email,Région,Member,Adhérent depuis\na@example.org,ile-de-france,oui,31/03/2025\nb@example.org,Provence,,\n"), fields: fields);

        Assert.Equal(new Dictionary<string, string> { ["region"] = "idf", ["adherent"] = "true", ["depuis"] = "2025-03-31" }, Assert.Single(parsed.Contacts).Details.Fields);
        Assert.Contains("Provence", Assert.Single(parsed.Rejected).Reason);
    }

    [Theory]
    [InlineData("name,town\nJo,Lyon\n", null)]
    [InlineData("", null)]
    [InlineData("email\nx@example.org\n", "{\"email\":\"Courriel\"}")]
    [InlineData("email\nx@example.org\n", "{\"shoeSize\":\"email\"}")]
    public void A_file_that_cannot_be_imported_is_refused_whole(string text, string? mapping)
    {
        var (overrides, _) = ColumnMapping.ParseOverrides(mapping);
        var (parsed, errors) = ImportParser.Parse(Utf8(text), overrides);
        Assert.Null(parsed);
        Assert.False(errors.IsValid);
    }

    [Fact]
    public void More_lines_than_the_limit_are_refused_before_anything_is_written()
    {
        var text = new StringBuilder("email\n");
        for (var i = 0; i <= ImportParser.MaxLines; i++) text.Append('a').Append(i).Append("@example.org\n");
        var (parsed, errors) = ImportParser.Parse(Utf8(text.ToString()));
        Assert.Null(parsed);
        Assert.Contains("100000", errors["csv"][0]);
    }
}
