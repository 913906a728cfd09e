//! Event typing: from the trigger words of one clause to ACLED's sub-event type, following
//! ACLED's hierarchy (an explosion inside a battle is a battle; air strike > suicide bomb >
//! shelling > remote explosive > grenade; attack on unarmed victims is violence against civilians).

use crate::lexicons::TriggerKind;
use marsad_model::SubEventType;

/// What the clause says about its victims and targets, beside the trigger words.
#[derive(Debug, Clone, Copy, Default)]
pub struct TargetCues {
    /// An armed target is named (حاجز، دورية، عناصر، a fighting force).
    pub armed: bool,
    /// Unarmed victims are named (مدنيين، أطفال، رعاة).
    pub civilian: bool,
    /// The act was foiled or only attempted (أحبطت، محاولة تفجير).
    pub foiled: bool,
    /// Someone died.
    pub deaths: bool,
}

/// The sub-event type of a clause with these trigger kinds, or `None` when they report no act.
pub fn sub_event_type(kinds: &[TriggerKind], cues: TargetCues) -> Option<SubEventType> {
    use TriggerKind::*;
    let has = |k: TriggerKind| kinds.contains(&k);
    let explosive = has(Ied) || has(Explosion);
    if has(Defuse) || (cues.foiled && (explosive || has(Suicide)) && !cues.deaths) {
        return Some(SubEventType::DisruptedWeaponsUse);
    }
    if has(Air) {
        return Some(SubEventType::AirDroneStrike);
    }
    if has(Suicide) {
        return Some(SubEventType::SuicideBomb);
    }
    if has(Clash) || has(Ambush) {
        return Some(SubEventType::ArmedClash);
    }
    let ground_attack = has(Attack) || has(Gunfire) || has(Ambush);
    if has(Shelling) || (has(Projectile) && !ground_attack) {
        return Some(SubEventType::Shelling);
    }
    if explosive {
        return Some(SubEventType::RemoteExplosive);
    }
    if has(Grenade) {
        return Some(SubEventType::Grenade);
    }
    if has(Abduction) {
        return Some(SubEventType::Abduction);
    }
    if has(Arrest) || has(Raid) {
        return Some(SubEventType::Arrests);
    }
    if has(Execution) {
        return Some(SubEventType::Attack);
    }
    if has(Burning) && !has(Attack) {
        return Some(SubEventType::LootingPropertyDestruction);
    }
    let violent = has(Attack)
        || has(Assassination)
        || has(Gunfire)
        || has(Kill)
        || has(Damage)
        || has(Injure);
    if !violent {
        return None;
    }
    if cues.civilian && !cues.armed {
        return Some(SubEventType::Attack);
    }
    if has(Assassination) && !cues.armed {
        return Some(SubEventType::Attack);
    }
    Some(SubEventType::ArmedClash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TriggerKind::*;

    fn t(kinds: &[TriggerKind], armed: bool, civilian: bool) -> Option<&'static str> {
        let cues = TargetCues {
            armed,
            civilian,
            ..TargetCues::default()
        };
        sub_event_type(kinds, cues).map(SubEventType::name)
    }

    #[test]
    fn acled_hierarchy() {
        assert_eq!(
            t(&[Attack, Ied], true, false),
            Some("Remote explosive/landmine/IED")
        );
        assert_eq!(t(&[Clash, Ied], true, false), Some("Armed clash"));
        assert_eq!(
            t(&[Attack, Suicide, Explosion], true, true),
            Some("Suicide bomb")
        );
        assert_eq!(t(&[Air, Shelling], true, false), Some("Air/drone strike"));
        assert_eq!(t(&[Attack, Kill], false, true), Some("Attack"));
        assert_eq!(t(&[Attack, Kill], true, true), Some("Armed clash"));
        assert_eq!(
            t(&[Kill, Explosion], false, true),
            Some("Remote explosive/landmine/IED")
        );
        assert_eq!(t(&[Arrest], false, false), Some("Arrests"));
        assert_eq!(t(&[Injure], false, false), Some("Armed clash"));
        assert_eq!(t(&[], true, true), None);
    }

    #[test]
    fn a_foiled_bomb_is_disrupted_weapons_use() {
        let cues = TargetCues {
            foiled: true,
            ..TargetCues::default()
        };
        assert_eq!(
            sub_event_type(&[Ied], cues),
            Some(SubEventType::DisruptedWeaponsUse)
        );
    }
}
