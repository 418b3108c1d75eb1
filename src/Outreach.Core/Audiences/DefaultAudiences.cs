namespace Outreach.Core.Audiences;

/// <summary>The audiences seeded on first start; afterwards they are data the comms team edits.</summary>
public static class DefaultAudiences
{
    public const string Quotidienne = "quotidienne";
    public const string HebdoEntreprises = "hebdo-entreprises";
    public const string HebdoAssociations = "hebdo-associations";
    public const string HebdoGrandPublic = "hebdo-grand-public";
    public const string Newsletter = "newsletter";
    public const string JeudisOdd17 = "jeudis-odd17";

    public static IReadOnlyList<Audience> All { get; } =
    [
        new()
        {
            Id = Quotidienne, Name = "La quotidienne", NameEn = "The daily", Cadence = "weekdays", SortOrder = 1,
            Description = "L'essentiel des alliances et partenariats, chaque jour de la semaine.",
            DescriptionEn = "The essentials of alliances and partnerships, every weekday.",
        },
        new()
        {
            Id = HebdoEntreprises, Name = "L'hebdo entreprise, fondation, partenaire", NameEn = "The weekly for companies, foundations and partners",
            Cadence = "weekly", SortOrder = 2,
            Description = "Chaque semaine, ce qui compte pour les entreprises, fondations et partenaires engagés.",
            DescriptionEn = "Every week, what matters to committed companies, foundations and partners.",
        },
        new()
        {
            Id = HebdoAssociations, Name = "L'hebdo association", NameEn = "The weekly for associations", Cadence = "weekly", SortOrder = 3,
            Description = "Chaque semaine, les ressources et opportunités pour les associations.",
            DescriptionEn = "Every week, resources and opportunities for associations.",
        },
        new()
        {
            Id = HebdoGrandPublic, Name = "L'hebdo grand public", NameEn = "The weekly for everyone", Cadence = "weekly", SortOrder = 4,
            Description = "Chaque semaine, la co-construction du bien commun racontée à tous.",
            DescriptionEn = "Every week, building the common good together, told for everyone.",
        },
        new()
        {
            Id = Newsletter, Name = "La Newsletter (mensuelle)", NameEn = "The monthly Newsletter", Cadence = "monthly", SortOrder = 5,
            Description = "Chaque mois : l'éditorial, les dossiers et les prochains webinaires.",
            DescriptionEn = "Every month: the editorial, in-depth features and upcoming webinars.",
        },
        new()
        {
            Id = JeudisOdd17, Name = "Les Jeudis de l'ODD 17 (programme)", NameEn = "The SDG 17 Thursdays (programme)", Cadence = "series", SortOrder = 6,
            Description = "Suivez le programme : chaque jeudi à 12h, un outil pour faire alliance, et le contenu de la semaine en avant-première.",
            DescriptionEn = "Follow the programme: every Thursday at noon, a tool for building alliances, and each week's content first.",
        },
    ];
}
