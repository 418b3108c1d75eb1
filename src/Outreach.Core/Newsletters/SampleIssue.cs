
namespace Outreach.Core.Newsletters;

/// <summary>
/// The October 2026 issue, "L'économie de l'alliance": seeded as a draft so a newcomer can preview it and send it
/// within a minute of starting the DevHost; also the sample that templates are checked against and the benchmark renders.
/// </summary>
public static class SampleIssue
{
    public const string Id = "2026-10-economie-de-l-alliance";

    public static IssueContent Content { get; } = new()
    {
        Subject = "L'économie de l'alliance",
        Preheader = "L'édito, le dossier du mois et le cycle « L'ODD 17 en pratique » : faire alliance, concrètement.",
        Edition = "Octobre 2026",
        TemplateId = DefaultTemplates.NewsletterId,
        Audiences = ["newsletter"],
        Language = "fr",
        Editorial = """
            Associations, entreprises, fondations, collectivités : **faire alliance** n'est plus une option, c'est une façon
            de produire de la valeur ensemble. Ce mois-ci, nous regardons de près *l'économie de l'alliance* : ce qu'elle
            coûte, ce qu'elle rapporte, et comment la mesurer sans la trahir.

            Bonne lecture, et rendez-vous chaque jeudi d'octobre pour le cycle [L'ODD 17 en pratique](/jeudis-odd17).
            """,
        Dossier = new IssueSection
        {
            Kicker = "Dossier du mois",
            Title = "Ce que vaut une alliance",
            Body = """
                Trois ans d'observation de 120 partenariats entre associations et entreprises montrent que la valeur
                créée tient moins au montant engagé qu'à la **qualité de la co-construction** :

                - un diagnostic partagé avant tout engagement ;
                - une gouvernance où chacun a voix au chapitre ;
                - une évaluation pensée dès le départ, avec les bénéficiaires.
                """,
            Link = "/dossiers/economie-de-l-alliance",
            LinkLabel = "Lire le dossier",
        },
        Sections =
        [
            new IssueSection
            {
                Kicker = "Cycle",
                Title = "L'ODD 17 en pratique",
                Body = """
                    Chaque jeudi d'octobre à 12h, une heure pour découvrir un outil concret de partenariat :
                    la cartographie des parties prenantes, la convention de mécénat de compétences, l'évaluation
                    partagée, et le tiers de confiance.
                    """,
                Link = "/jeudis-odd17",
                LinkLabel = "Suivre le programme",
            },
            new IssueSection
            {
                Title = "Fondations et collectivités : le guide des co-financements",
                Body = "Comment articuler une subvention publique et un mécénat privé sans double financement ? Notre guide pratique, avec des modèles de conventions.",
                Link = "/ressources/guide-cofinancements",
                LinkLabel = "Télécharger le guide",
            },
            new IssueSection
            {
                Title = "Témoignage : une PME et une association d'insertion",
                Body = "À Lille, une PME de logistique et une association d'insertion ont construit ensemble un parcours qualifiant. Ils racontent ce qui a marché — et ce qu'ils referaient autrement.",
                Link = "/temoignages/logistique-insertion-lille",
                LinkLabel = "Lire le témoignage",
            },
        ],
    };
}
