//! ACLED's taxonomy: the 25 sub-event types (each knowing its event type and disorder type)
//! and the eight actor types ("inter" codes).

use serde::{Deserialize, Serialize};

macro_rules! sub_event_types {
    ($($variant:ident => $name:literal, $event_type:literal, $disorder:literal;)*) => {
        /// ACLED's sub-event types, spelled as ACLED spells them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum SubEventType {
            $(
                #[doc = $name]
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl SubEventType {
            /// Every sub-event type, in ACLED's codebook order.
            pub const ALL: &'static [SubEventType] = &[$(SubEventType::$variant),*];

            /// ACLED's spelling, e.g. `Remote explosive/landmine/IED`.
            pub fn name(self) -> &'static str {
                match self { $(SubEventType::$variant => $name,)* }
            }

            /// The event type this sub-type belongs to, e.g. `Explosions/Remote violence`.
            pub fn event_type(self) -> &'static str {
                match self { $(SubEventType::$variant => $event_type,)* }
            }

            /// ACLED's disorder type, e.g. `Political violence`.
            pub fn disorder_type(self) -> &'static str {
                match self { $(SubEventType::$variant => $disorder,)* }
            }

            /// Parses ACLED's spelling (case-insensitive, ignoring spaces and punctuation).
            pub fn from_name(name: &str) -> Option<SubEventType> {
                let key = fold(name);
                SubEventType::ALL.iter().copied().find(|t| fold(t.name()) == key)
            }
        }
    };
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

sub_event_types! {
    GovernmentRegainsTerritory => "Government regains territory", "Battles", "Political violence";
    NonStateActorOvertakesTerritory => "Non-state actor overtakes territory", "Battles", "Political violence";
    ArmedClash => "Armed clash", "Battles", "Political violence";
    ChemicalWeapon => "Chemical weapon", "Explosions/Remote violence", "Political violence";
    AirDroneStrike => "Air/drone strike", "Explosions/Remote violence", "Political violence";
    SuicideBomb => "Suicide bomb", "Explosions/Remote violence", "Political violence";
    Shelling => "Shelling/artillery/missile attack", "Explosions/Remote violence", "Political violence";
    RemoteExplosive => "Remote explosive/landmine/IED", "Explosions/Remote violence", "Political violence";
    Grenade => "Grenade", "Explosions/Remote violence", "Political violence";
    SexualViolence => "Sexual violence", "Violence against civilians", "Political violence";
    Attack => "Attack", "Violence against civilians", "Political violence";
    Abduction => "Abduction/forced disappearance", "Violence against civilians", "Political violence";
    PeacefulProtest => "Peaceful protest", "Protests", "Demonstrations";
    ProtestWithIntervention => "Protest with intervention", "Protests", "Demonstrations";
    ExcessiveForce => "Excessive force against protesters", "Protests", "Political violence; Demonstrations";
    ViolentDemonstration => "Violent demonstration", "Riots", "Demonstrations";
    MobViolence => "Mob violence", "Riots", "Political violence";
    Agreement => "Agreement", "Strategic developments", "Strategic developments";
    Arrests => "Arrests", "Strategic developments", "Strategic developments";
    ChangeToGroup => "Change to group/activity", "Strategic developments", "Strategic developments";
    DisruptedWeaponsUse => "Disrupted weapons use", "Strategic developments", "Strategic developments";
    HeadquartersEstablished => "Headquarters or base established", "Strategic developments", "Strategic developments";
    LootingPropertyDestruction => "Looting/property destruction", "Strategic developments", "Strategic developments";
    NonViolentTransfer => "Non-violent transfer of territory", "Strategic developments", "Strategic developments";
    OtherStrategic => "Other", "Strategic developments", "Strategic developments";
}

/// ACLED's actor types ("inter" codes 1–8); the text form is what ACLED exports since 2023.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActorType {
    /// 1: a state's own forces acting at home.
    StateForces = 1,
    /// 2: armed groups fighting the state or another for power (ISIS, the SDF).
    RebelGroup = 2,
    /// 3: armed groups with political aims that do not seek to replace the state; also unidentified armed groups.
    PoliticalMilitia = 3,
    /// 4: militias organised around an identity (tribe, sect).
    IdentityMilitia = 4,
    /// 5: rioters.
    Rioters = 5,
    /// 6: peaceful protesters.
    Protesters = 6,
    /// 7: unarmed civilians.
    Civilians = 7,
    /// 8: foreign state forces and other outside actors (the coalition, Turkey's army in Syria).
    ExternalForces = 8,
}

impl ActorType {
    /// ACLED's text label, e.g. `Rebel group`.
    pub fn label(self) -> &'static str {
        match self {
            ActorType::StateForces => "State forces",
            ActorType::RebelGroup => "Rebel group",
            ActorType::PoliticalMilitia => "Political militia",
            ActorType::IdentityMilitia => "Identity militia",
            ActorType::Rioters => "Rioters",
            ActorType::Protesters => "Protesters",
            ActorType::Civilians => "Civilians",
            ActorType::ExternalForces => "External/Other forces",
        }
    }

    /// Parses an ACLED label (`Rebel group`) or code (`2`).
    pub fn from_label(label: &str) -> Option<ActorType> {
        let key = fold(label);
        [
            ActorType::StateForces,
            ActorType::RebelGroup,
            ActorType::PoliticalMilitia,
            ActorType::IdentityMilitia,
            ActorType::Rioters,
            ActorType::Protesters,
            ActorType::Civilians,
            ActorType::ExternalForces,
        ]
        .into_iter()
        .find(|t| fold(t.label()) == key || (*t as u8).to_string() == key)
    }

    /// ACLED's interaction text for a pair, lower code first: `State forces-Rebel group`;
    /// one actor alone gives `Rebel group only`.
    pub fn interaction(a: Option<ActorType>, b: Option<ActorType>) -> String {
        match (a, b) {
            (Some(a), Some(b)) => {
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                format!("{}-{}", lo.label(), hi.label())
            }
            (Some(a), None) | (None, Some(a)) => format!("{} only", a.label()),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_five_sub_event_types_with_their_parents() {
        assert_eq!(SubEventType::ALL.len(), 25);
        let t = SubEventType::from_name("remote explosive/landmine/IED").unwrap();
        assert_eq!(t, SubEventType::RemoteExplosive);
        assert_eq!(t.event_type(), "Explosions/Remote violence");
        assert_eq!(
            SubEventType::Arrests.disorder_type(),
            "Strategic developments"
        );
    }

    #[test]
    fn interaction_orders_by_code() {
        assert_eq!(
            ActorType::interaction(Some(ActorType::RebelGroup), Some(ActorType::StateForces)),
            "State forces-Rebel group"
        );
        assert_eq!(
            ActorType::interaction(Some(ActorType::RebelGroup), None),
            "Rebel group only"
        );
    }
}
