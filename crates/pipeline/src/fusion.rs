//! Fusion against the store, from the reports up: an article's events are stored as reports,
//! the reports around them (same window, same governorates) are clustered again, and the fused
//! events are brought in line with the clusters. Clusters depend only on the set of reports,
//! so the events do not depend on the order articles arrive in (ids aside).

use crate::{IngestSummary, Pipeline, Result};
use chrono::Utc;
use marsad_model::{Event, ReviewStatus};
use marsad_store::{AuditEntry, Report};
use std::collections::{BTreeMap, BTreeSet};

/// How many queries `linked_reports` may make, each widened to the component found by the one
/// before. With no bound the component is exact and ingest order cannot matter (3,000
/// generated reports in thirds 0,1,2 and 2,1,0: 3,954 events both ways), but on dense data a
/// chain of linked reports spans months, and fusion read it all for every article (15 times
/// slower). So the query does not widen: a chain reaching past the new events' windows is
/// the one order dependence left (3,899 against 3,898 events on the same test).
const FUSION_ROUNDS: usize = 1;

impl Pipeline {
    /// Fuses one article's extracted events into the stored events; counts new and merged.
    pub(crate) fn fuse_article(
        &mut self,
        article_id: &str,
        mut events: Vec<Event>,
        unresolved: &[String],
        summary: &mut IngestSummary,
    ) -> Result<()> {
        for e in &mut events {
            e.event_id.clear();
        }
        // Events an earlier revision of this article fed, which it may no longer feed.
        let earlier = self.store.report_event_ids(article_id)?;
        self.store.put_reports(article_id, &events)?;
        if events.is_empty() {
            return Ok(());
        }
        let (reports, outside) = self.linked_reports(article_id, &events)?;
        let refs: Vec<&Event> = reports.iter().map(|r| &r.event).collect();
        let clusters = marsad_fuse::cluster(&refs);
        let ids = assign_ids(&reports, &clusters);
        let now = Utc::now().to_rfc3339();
        let mut kept: BTreeSet<String> = BTreeSet::new();
        let mut final_ids: Vec<Option<String>> = vec![None; clusters.len()];
        // How many reports in the window each stored event had before: a cluster holding
        // exactly an event's reports, none of them this article's, has not changed.
        let mut had: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &reports {
            if let Some(id) = r.event_id.as_deref() {
                *had.entry(id).or_default() += 1;
            }
        }
        for (ci, (members, id)) in clusters.iter().zip(&ids).enumerate() {
            let untouched = id.as_deref().is_some_and(|id| {
                had.get(id) == Some(&members.len())
                    && members.iter().all(|&m| {
                        reports[m].event_id.as_deref() == Some(id)
                            && reports[m].article_id != article_id
                    })
            });
            if untouched {
                if let Some(id) = id {
                    final_ids[ci] = Some(id.clone());
                    kept.insert(id.clone());
                }
                continue;
            }
            let member_refs: Vec<&Event> = members.iter().map(|&m| &reports[m].event).collect();
            let Some(mut fused) = marsad_fuse::fuse_reports(&member_refs) else {
                continue;
            };
            let articles: BTreeSet<&str> = members
                .iter()
                .map(|&m| reports[m].article_id.as_str())
                .collect();
            let mine = members
                .iter()
                .filter(|&&m| reports[m].article_id == article_id)
                .count() as u64;
            let existing = match id {
                Some(id) => self.store.event(id)?,
                None => None,
            };
            let event_id = match (id, existing) {
                (Some(id), Some(existing)) => {
                    let reviewed = matches!(
                        existing.review.status,
                        ReviewStatus::Confirmed | ReviewStatus::Edited
                    );
                    fused.event_id = id.clone();
                    fused.review = existing.review.clone();
                    if reviewed {
                        // An analyst's coding stays; only provenance grows.
                        let (merged, withheld) = marsad_fuse::merge(&existing, &fused);
                        fused = merged;
                        for change in withheld {
                            self.fusion_audit(id, &now, "withheld", article_id, &change)?;
                        }
                    }
                    if existing != fused {
                        self.store.update_event(&fused)?;
                    }
                    if mine > 0 && articles.len() > 1 {
                        summary.events_merged += mine;
                        let others: Vec<&str> = articles
                            .iter()
                            .copied()
                            .filter(|a| *a != article_id)
                            .collect();
                        self.fusion_audit(
                            id,
                            &now,
                            "merge",
                            article_id,
                            &format!("told also by {}", others.join(", ")),
                        )?;
                    }
                    id.clone()
                }
                _ => {
                    let id = self.store.insert_event(&fused)?;
                    summary.events_new += 1;
                    summary.events_merged += mine.saturating_sub(1);
                    self.fusion_audit(
                        &id,
                        &now,
                        "created",
                        article_id,
                        &format!(
                            "reports from {}",
                            articles.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                    )?;
                    id
                }
            };
            for &m in members {
                let r = &reports[m];
                if r.event_id.as_deref() != Some(event_id.as_str()) {
                    self.store
                        .set_report_event(&r.article_id, r.idx, &event_id)?;
                }
            }
            if mine > 0 {
                if let Some(name) = fused.location_ar.as_deref() {
                    if unresolved.iter().any(|u| u == name) {
                        self.store
                            .put_unresolved_place(name, article_id, Some(&event_id))?;
                    }
                }
            }
            final_ids[ci] = Some(event_id.clone());
            kept.insert(event_id);
        }
        // Events whose reports all went elsewhere are retired into the event that took them.
        let mut previous: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in reports.iter().enumerate() {
            if let Some(id) = r.event_id.as_deref() {
                previous.entry(id).or_default().push(i);
            }
        }
        for (old, members) in previous {
            if kept.contains(old) {
                continue;
            }
            let reviewed = self.store.event(old)?.is_some_and(|e| {
                matches!(
                    e.review.status,
                    ReviewStatus::Confirmed | ReviewStatus::Edited | ReviewStatus::Rejected
                )
            });
            if reviewed {
                continue;
            }
            let survivor = clusters
                .iter()
                .enumerate()
                .max_by_key(|(_, c)| c.iter().filter(|m| members.contains(m)).count())
                .and_then(|(ci, _)| final_ids[ci].clone());
            if let Some(survivor) = survivor {
                self.fusion_audit(
                    old,
                    &now,
                    "retired",
                    article_id,
                    &format!("its reports now belong to {survivor}"),
                )?;
                self.store.retire_event(old, &survivor)?;
            }
        }
        // An earlier revision's events that no report feeds any more go to this article's event.
        let survivor = clusters
            .iter()
            .zip(&final_ids)
            .find(|(ms, _)| ms.iter().any(|&m| reports[m].article_id == article_id))
            .and_then(|(_, id)| id.clone());
        for old in earlier {
            if kept.contains(&old) {
                continue;
            }
            let Some(stored) = self.store.event(&old)? else {
                continue;
            };
            let fed = reports
                .iter()
                .any(|r| r.event_id.as_deref() == Some(old.as_str()));
            let reviewed = stored.review.status != ReviewStatus::Unreviewed;
            if let (false, false, Some(survivor)) = (fed, reviewed, survivor.as_ref()) {
                self.fusion_audit(
                    &old,
                    &now,
                    "retired",
                    article_id,
                    &format!("the revised article now feeds {survivor}"),
                )?;
                self.store.retire_event(&old, survivor)?;
            }
        }
        self.explain_apart(article_id, &reports, &outside, &clusters, &final_ids, &now)?;
        Ok(())
    }

    /// The reports these events' clusters depend on: every stored report near them linked to
    /// them (`marsad_fuse::linked`), directly or through other reports, or sharing a fused
    /// event with one that is. Clusters are computed per connected component, so only the
    /// component is reclustered: reports in the window but not linked keep the clusters they
    /// were given with their own component (reclustering them here, as part of a partial
    /// set, could change them). The second list holds the reports fetched but not linked (for
    /// `kept-apart` notes). See [`FUSION_ROUNDS`] for how far the component is followed.
    fn linked_reports(
        &mut self,
        article_id: &str,
        events: &[Event],
    ) -> Result<(Vec<Report>, Vec<Report>)> {
        // Reports of another event type are never linked (fusion keeps types apart).
        let types: BTreeSet<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
        let extent = |evs: &mut dyn Iterator<Item = &Event>| {
            let mut from: Option<chrono::NaiveDate> = None;
            let mut to: Option<chrono::NaiveDate> = None;
            let mut admin1: BTreeSet<String> = BTreeSet::new();
            for e in evs {
                let (a, b) = marsad_fuse::date_window(e);
                from = Some(from.map_or(a, |f| f.min(a)));
                to = Some(to.map_or(b, |t| t.max(b)));
                if let Some(p) = &e.admin1_pcode {
                    admin1.insert(p.clone());
                }
            }
            (from, to, admin1)
        };
        let (mut from, mut to, mut admin1) = extent(&mut events.iter());
        // Widen the query until the component fits inside it (a chain of reports can reach
        // past the new events' own windows), at most FUSION_ROUNDS times.
        let mut round = 1;
        loop {
            let (Some(f), Some(t)) = (from, to) else {
                return Ok((Vec::new(), Vec::new()));
            };
            let wanted: Vec<String> = admin1.iter().cloned().collect();
            let mut fetched = self.store.reports_near(f, t, &wanted)?;
            fetched.retain(|r| {
                r.article_id == article_id || types.contains(r.event.event_type.as_str())
            });
            let inside = component(article_id, &fetched);
            let (cf, ct, ca) = extent(&mut inside.iter().map(|&i| &fetched[i].event));
            let grows =
                cf.is_some_and(|x| x < f) || ct.is_some_and(|x| x > t) || !ca.is_subset(&admin1);
            if !grows || round >= FUSION_ROUNDS {
                let mut reports = Vec::new();
                let mut outside = Vec::new();
                for (i, r) in fetched.into_iter().enumerate() {
                    if inside.contains(&i) {
                        reports.push(r);
                    } else {
                        outside.push(r);
                    }
                }
                return Ok((reports, outside));
            }
            from = cf.map(|x| x.min(f));
            to = ct.map(|x| x.max(t));
            admin1.extend(ca);
            round += 1;
        }
    }

    /// Records, for the article's own events, the near events it was kept apart from and why.
    fn explain_apart(
        &mut self,
        article_id: &str,
        reports: &[Report],
        outside: &[Report],
        clusters: &[Vec<usize>],
        final_ids: &[Option<String>],
        now: &str,
    ) -> Result<()> {
        let cluster_of: BTreeMap<usize, usize> = clusters
            .iter()
            .enumerate()
            .flat_map(|(c, ms)| ms.iter().map(move |&m| (m, c)))
            .collect();
        for (i, r) in reports.iter().enumerate() {
            if r.article_id != article_id {
                continue;
            }
            let Some(own) = cluster_of.get(&i).and_then(|&c| final_ids[c].clone()) else {
                continue;
            };
            // Reports outside the component keep the event they had.
            let others = reports
                .iter()
                .enumerate()
                .map(|(j, o)| (o, cluster_of.get(&j).and_then(|&c| final_ids[c].clone())))
                .chain(outside.iter().map(|o| (o, o.event_id.clone())));
            for (j, (other, theirs)) in others.enumerate() {
                if other.article_id == article_id
                    || (j < reports.len() && cluster_of.get(&i) == cluster_of.get(&j))
                {
                    continue;
                }
                // Near misses only: same type, same day, same governorate.
                let near = other.event.event_type == r.event.event_type
                    && other.event.event_date == r.event.event_date
                    && other.event.admin1_pcode == r.event.admin1_pcode;
                if !near {
                    continue;
                }
                if let Some(why) = marsad_fuse::kept_apart_reason(&r.event, &other.event) {
                    let theirs = theirs.unwrap_or_else(|| other.article_id.clone());
                    self.fusion_audit(&own, now, "kept-apart", &theirs, &why)?;
                }
            }
        }
        Ok(())
    }

    fn fusion_audit(
        &mut self,
        event_id: &str,
        at: &str,
        field: &str,
        after: &str,
        reason: &str,
    ) -> Result<()> {
        Ok(self.store.put_audit(&AuditEntry {
            event_id: event_id.into(),
            at: at.into(),
            by: "fusion".into(),
            field: field.into(),
            before: None,
            after: Some(serde_json::Value::String(after.into()).to_string()),
            reason: Some(reason.into()),
        })?)
    }
}

/// Which stored event id each cluster keeps: the id most of its reports already had (ties:
/// the smallest), each id used once; `None` for a new event. Larger clusters choose first.
fn assign_ids(reports: &[Report], clusters: &[Vec<usize>]) -> Vec<Option<String>> {
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(clusters[c].len()));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = vec![None; clusters.len()];
    for c in order {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &m in &clusters[c] {
            if let Some(id) = reports[m].event_id.as_deref() {
                *counts.entry(id).or_default() += 1;
            }
        }
        let mut candidates: Vec<(&str, usize)> = counts.into_iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if let Some((id, _)) = candidates.into_iter().find(|(id, _)| !taken.contains(*id)) {
            taken.insert(id.to_string());
            out[c] = Some(id.to_string());
        }
    }
    out
}

/// Indices of the reports connected to `article_id`'s own reports: linked by
/// `marsad_fuse::linked`, or sharing a fused event, transitively.
fn component(article_id: &str, reports: &[Report]) -> BTreeSet<usize> {
    let mut inside: BTreeSet<usize> = BTreeSet::new();
    let mut queue: Vec<usize> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        if r.article_id == article_id {
            inside.insert(i);
            queue.push(i);
        }
    }
    while let Some(i) = queue.pop() {
        let a = &reports[i];
        for (j, b) in reports.iter().enumerate() {
            if inside.contains(&j) {
                continue;
            }
            let same_event = a.event_id.is_some() && a.event_id == b.event_id;
            if same_event || marsad_fuse::linked(&a.event, &b.event) {
                inside.insert(j);
                queue.push(j);
            }
        }
    }
    inside
}
